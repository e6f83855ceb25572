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
}
