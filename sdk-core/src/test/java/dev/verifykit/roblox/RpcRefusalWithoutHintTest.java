package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rate-limit refusal that states no wait (a proxy's 429 in front of the RPC, without
 * {@code Retry-After}): {@code awaitVerification} promises checks "every 2 s", "slowing down as a
 * {@code TOO_MANY_REQUESTS} answer says", and a refusal whose hint is shorter than the wait's interval
 * already waits that interval (RELIABILITY.md: "a refusal means slow down"). A refusal with no hint at
 * all was retried after the first backoff (under 500 ms), so the next check went out as soon as the
 * session's gate let it, about 1 s after the refusal: faster than the wait asked before it was refused.
 */
class RpcRefusalWithoutHintTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    @Test
    void anAwaitRefusedWithoutAHintDoesNotCheckFasterThanItsInterval() {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.add(time.nanoTime());
                return switch (arrivals.size()) {
                    case 1 -> json(200, "{\"result\":{\"data\":{\"status\":\"pending\",\"code\":\"482913\",\"expiresAt\":"
                            + T0.plusSeconds(600).toEpochMilli() + "}}}");
                    // a proxy's refusal: no tRPC body, no Retry-After
                    case 2 -> new MockResponse.Builder().code(429).setHeader("Content-Type", "text/html")
                            .body("<html><body><h1>429 Too Many Requests</h1></body></html>").build();
                    default -> json(200, "{\"result\":{\"data\":{\"status\":\"expired\"}}}");
                };
            }
        });
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time).build();

        assertThat(rpc.awaitVerification(SESSION)).isEqualTo(VerificationStatus.Expired.instance());

        assertThat(arrivals).hasSize(3);
        Duration beforeRefusal = Duration.ofNanos(arrivals.get(1) - arrivals.get(0));
        Duration afterRefusal = Duration.ofNanos(arrivals.get(2) - arrivals.get(1));
        assertThat(beforeRefusal).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(afterRefusal).as("the check after a rate-limit refusal (the wait's interval is 2 s)")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }
}
