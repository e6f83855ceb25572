package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * sdk-mockserver/README.md, "Request journal": a verification code is {@code [redacted]}, as the journal
 * is printed in test failures and served without auth. A tRPC client that sends the mutation as GET
 * (tRPC's {@code ?input=} form) puts the code in the query: it is redacted there too, the rest kept readable.
 * So is a code whose member name is written with JSON escapes, or sent as a number or in an array.
 */
@ExtendWith(MockServerExtension.class)
class JournalQueryCodeTest {

    private final MockServer server;

    JournalQueryCodeTest(MockServer server) {
        this.server = server;
    }

    @Test
    void aCodeSentInTheQueryIsRedacted() {
        Map<String, Object> begun = new Rpc(server).begun();
        String code = (String) begun.get("code");
        Http.send(new Request.Builder().url(server.robloxBaseUrl()
                + "/auth.completeVerification?batch=1&input=%7B%22code%22%3A%22" + code + "%22%2C%22robloxUserId%22%3A%22261%22%7D")
                .build());

        MockJournalEntry entry = server.journal().find(MockJournalQuery.all().method("GET")).get(0);
        assertThat(entry.query()).doesNotContain(code)
                .isEqualTo("batch=1&input={\"code\":\"[redacted]\",\"robloxUserId\":\"261\"}");
    }

    @Test
    void aQueryWithoutACodeIsKeptAsSent() {
        Http.send(new Request.Builder().url(server.robloxBaseUrl()
                + "/auth.completeVerification?input=%7B%22robloxUserId%22%3A%22261%22%7D").build());

        MockJournalEntry entry = server.journal().find(MockJournalQuery.all().method("GET")).get(0);
        assertThat(entry.query()).isEqualTo("input=%7B%22robloxUserId%22%3A%22261%22%7D");
    }

    /**
     * A body may spell the member name with escapes ({@code "\\u0063ode"} is {@code "code"} to
     * {@code JSON.parse} and to the mock's RPC, which read the code from it and, the user being missing,
     * left it usable): the journal showed that live code in clear, and one sent as a number, in an array or in an object.
     */
    @Test
    void aCodeUnderAnEscapedNameOrInAnotherFormIsRedactedToo() {
        Rpc rpc = new Rpc(server);
        String code = (String) rpc.begun().get("code");
        server.roblox().registerMissingUser("5");

        Http.Answer refused = rpc.call("auth.completeVerification",
                "{\"\\u0063\\u006Fde\":\"" + code + "\",\"robloxUserId\":\"5\"}", Map.of("x-verification-secret", Rpc.SECRET));
        rpc.call("auth.completeVerification", "{\"code\":" + code + ",\"robloxUserId\":\"5\"}",
                Map.of("x-verification-secret", Rpc.SECRET));
        rpc.call("auth.completeVerification", "{\"code\": [\"" + code + "\"],\"robloxUserId\":\"5\"}",
                Map.of("x-verification-secret", Rpc.SECRET));

        rpc.call("auth.completeVerification", "{\"code\":{\"v\":\"" + code + "\"},\"robloxUserId\":\"5\"}",
                Map.of("x-verification-secret", Rpc.SECRET));

        assertThat(refused.status()).as("the RPC read the code: it got as far as the user").isEqualTo(401);
        assertThat(server.journal().find(MockJournalQuery.all().path("/roblox/auth.completeVerification")))
                .extracting(MockJournalEntry::body).containsExactly(
                        "{\"\\u0063\\u006Fde\":\"[redacted]\",\"robloxUserId\":\"5\"}",
                        "{\"code\":[redacted],\"robloxUserId\":\"5\"}",
                        "{\"code\": [redacted],\"robloxUserId\":\"5\"}",
                        "{\"code\":[redacted],\"robloxUserId\":\"5\"}");
    }
}
