package dev.verifykit.http;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.TransportException;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.testing.RawServer;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Documented edges of the transport that no test held, found by mutation testing (PIT on
 * {@code Framing}, {@code ErrorMapper}, {@code HttpTransport}): each test passes on the code as it is and
 * fails when the line it names is changed.
 */
class TransportEdgesPinnedTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /**
     * {@code Framing}: a broken answer "closes an HTTP/1 connection's socket" at once, not when the
     * client closes: the server below keeps its side open, and sees the client's end while the client
     * is still open.
     */
    @Test
    void theConnectionOfABrokenAnswerIsClosedAtOnce() throws Exception {
        try (RawServer raw = new RawServer(conn -> conn.write("HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n"));
                DockClient dock = DockClient.builder().apiKey("dock_test_framing_1").baseUrl(raw.url("/dock"))
                        .maxRetries(0).build()) {
            Throwable thrown = catchThrowable(() -> dock.sessions().retrieve(ID));

            assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("a status code no final answer has: 600");
            awaitTrue(() -> raw.open.get() == 0); // the client, still open, closed the socket
            assertThat(raw.accepted.get()).isEqualTo(1);
        }
    }

    /** {@code Framing}: only a code outside 200–599 is broken; 599 is a final answer, mapped as the service's refusal. */
    @Test
    void aStatusOf599IsAnAnswerNotABrokenOne() throws Exception {
        try (RawServer raw = new RawServer(conn -> conn.write("HTTP/1.1 599 X\r\nContent-Length: 0\r\n\r\n"));
                DockClient dock = DockClient.builder().apiKey("dock_test_framing_1").baseUrl(raw.url("/dock"))
                        .maxRetries(0).build()) {
            Throwable thrown = catchThrowable(() -> dock.sessions().retrieve(ID));

            assertThat(thrown).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.httpStatus()).isEqualTo(599));
        }
    }

    /**
     * {@code ErrorMapper.requestIdIn}: a service whose bodies carry no request id (Dokai) and an answer
     * without {@code X-Request-Id}: the failure has none ({@code requestId()} empty, no "(request )" in
     * its message).
     */
    @Test
    void aRefusalWithoutARequestIdHeaderHasNoneFromADokaiBody() {
        server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":\"not_found\",\"message\":\"no such session\"}}").build());

        Throwable thrown;
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
                .baseUrl(server.url("/dokai").toString()).maxRetries(0).build()) {
            thrown = catchThrowable(() -> dokai.verifySessions().retrieve("ver_1"));
        }

        assertThat(thrown).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(404);
            assertThat(e.requestId()).isEmpty();
            assertThat(e.getMessage()).doesNotContain("(request");
        });
    }

    /**
     * {@code SendTimes}: a request is taken as never sent after a 407 only when a plain HTTP proxy
     * answered it. A 407 from the server itself (no proxy in between) is an answer of a request that
     * reached it: a write without an idempotency key (a Roblox begin) is not sent again (RetryPolicy:
     * only requests safe to repeat, or that never reached the service, are retried).
     */
    @Test
    void aWriteAnswered407WithoutAProxyIsNotSentAgain() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"x\"").build());
        }

        Throwable thrown;
        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder()
                .baseUrl(server.url("/roblox").toString()).maxRetries(2).build()) {
            thrown = catchThrowable(rpc::beginVerification);
        }

        assertThat(thrown).isInstanceOf(TransportException.class);
        assertThat(server.getRequestCount()).as("requests the server had").isEqualTo(1);
    }

    /**
     * {@code VerifyKitListener.requestHeaders}: "They cannot replace the credentials, {@code User-Agent}
     * or {@code Idempotency-Key} headers": a listener's {@code Idempotency-Key} is ignored on a request
     * that carries none of its own too (a read), as its {@code traceparent} goes.
     */
    @Test
    void aListenersIdempotencyKeyIsNotSentOnARequestWithoutOne() throws Exception {
        server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "application/json")
                .body("{\"status\":404,\"error\":\"SESSION_NOT_FOUND\",\"message\":\"no such session\"}").build());
        VerifyKitListener tracing = new VerifyKitListener() {
            @Override
            public Map<String, String> requestHeaders(CallStart call) {
                return Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        "Idempotency-Key", "listener-key-1");
            }
        };

        try (DockClient dock = DockClient.builder().apiKey("dock_test_framing_1").baseUrl(server.url("/dock").toString())
                .maxRetries(0).listener(tracing).build()) {
            catchThrowable(() -> dock.sessions().retrieve(ID));
        }

        RecordedRequest read = server.takeRequest();
        assertThat(read.getHeaders().get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(read.getHeaders().get("Idempotency-Key")).as("the listener's Idempotency-Key").isNull();
    }
}
