package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.verifykit.roblox.internal.RpcConnections;
import dev.verifykit.testing.RawServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real RPC is a Node.js server (tRPC's standalone adapter is {@code http.createServer}), whose
 * {@code keepAliveTimeout} is 5 s: it answers {@code Keep-Alive: timeout=5} and closes a connection
 * idle that long. The answers below are what tRPC 11.25.2 on Node 20 sent. The clients kept idle
 * connections 5 minutes, and OkHttp checks a pooled connection before a write only after 10 s idle:
 * a completion, a begin or a refresh 5–10 s after the previous call went to the connection Node
 * had closed and failed ("unexpected end of stream"), not retried (it may have arrived). The RPC
 * clients keep an idle connection {@link RpcConnections#KEEP_ALIVE} (4 s) unless told otherwise.
 */
class RpcIdleConnectionTest {
    private static final String OK = "{\"result\":{\"data\":{\"ok\":true}}}";
    private static final String BEGUN = "{\"result\":{\"data\":{\"sessionId\":\"26fc7432-db2e-497c-a01e-55c24a10a4f3\","
            + "\"code\":\"868479\",\"expiresAt\":1796376279467,\"placeId\":\"1818\"}}}";
    /**
     * Idle past Node's 5 s and past the clients' 4 s by enough for the pool's eviction to have run
     * on a loaded machine, yet short of OkHttp's 10-s check, which hid the failure.
     */
    private static final Duration IDLE = Duration.ofSeconds(8);

    /** Node's answer, byte for byte (chunked, keep-alive, timeout=5). */
    private static String nodeAnswer(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nvary: trpc-accept, accept\r\n"
                + "Date: Fri, 04 Dec 2026 09:14:47 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n";
    }

    @Test
    void aMutationAfterTheServersIdleTimeoutGoesOnAFreshConnection() throws Exception {
        try (RawServer gameSide = new RawServer(conn -> {
                    conn.write(nodeAnswer(OK));
                    conn.socket.close(); // Node's keepAliveTimeout fired on the idle connection
                });
                RawServer webSide = new RawServer(conn -> {
                    conn.write(nodeAnswer(BEGUN));
                    conn.socket.close();
                });
                RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(gameSide.url(""))
                        .verificationSecret("game-secret").build();
                RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(webSide.url("")).build()) {
            game.completeVerification("123456", "156");
            rpc.beginVerification();

            Thread.sleep(IDLE.toMillis()); // a lower bound: a longer sleep only makes the eviction surer

            assertThatCode(() -> game.completeVerification("654321", "261")).doesNotThrowAnyException();
            assertThatCode(rpc::beginVerification).doesNotThrowAnyException();
            assertThat(gameSide.heads).hasSize(2);
            assertThat(webSide.heads).hasSize(2);
        }
    }
}
