package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RPC clients against what a real tRPC v11 server (zod 4) does with their requests. The real
 * server issues session ids with crypto.randomUUID() (lower case) and keys its sessions by the exact
 * string; zod's uuid() accepts an upper-case id, so an id in upper case passes validation and is
 * looked up as an unknown session: {"result":{"data":{"status":"expired"}}} (the same on the mock).
 * Found by running the clients against a stand-in on the real framework; the client sends ids in
 * lower case now.
 */
class RpcSessionIdCaseTest {
    private MockServer mock;
    private RobloxVerificationClient rpc;
    private RobloxGameServerClient game;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {rpc, game, mock}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * An id stored by a database that gives UUIDs back in upper case (SQL Server's uniqueidentifier,
     * a UUID column read as text): the client sent it as is and reported the verified session as
     * Expired (it normalised a code, "9f3ac21b" for "9F3AC21B", but not a session id).
     */
    @Test
    void aSessionIdInUpperCaseIsTheSameSession() {
        mock = MockServer.start(MockSettings.builder().build());
        rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                .checkInterval(Duration.ofMillis(200)).minCheckInterval(Duration.ofMillis(100)).build();
        game = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl())
                .verificationSecret(mock.settings().roblox().verificationSecret()).build();
        VerificationStart start = rpc.beginVerification();
        game.completeVerification(start.code(), "156319135");

        assertThat(rpc.checkVerification(start.sessionId())).isInstanceOf(VerificationStatus.Verified.class);
        assertThat(rpc.checkVerification(start.sessionId().toUpperCase(Locale.ROOT)))
                .as("the server's session, asked for with its id in upper case")
                .isInstanceOf(VerificationStatus.Verified.class);
    }

    /**
     * The same, on the wire, against the exact answer the real server (tRPC 11.25.2, zod 4.6.7) sent
     * for an upper-case id of its session that had just been verified:
     * {@code HTTP/1.1 200 OK / content-type: application/json / {"result":{"data":{"status":"expired"}}}}.
     * The server's ids are crypto.randomUUID()'s, lower case: the client sends that form.
     */
    @Test
    void anUpperCaseSessionIdIsSentAsTheServerIssuedIt() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(new MockResponse.Builder().code(200).setHeader("content-type", "application/json")
                    .body("{\"result\":{\"data\":{\"status\":\"expired\"}}}").build());
            rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).build();
            String issued = "4c0e4e82-8db0-4d51-8f2d-d6831d42b7d6";

            VerificationStatus status = rpc.checkVerification(issued.toUpperCase(Locale.ROOT));

            RecordedRequest sent = server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(sent).isNotNull();
            assertThat(status).isInstanceOf(VerificationStatus.Expired.class);
            assertThat(sent.getBody().utf8()).isEqualTo("{\"sessionId\":\"" + issued + "\"}");
            rpc.close();
            rpc = null;
        }
    }
}
