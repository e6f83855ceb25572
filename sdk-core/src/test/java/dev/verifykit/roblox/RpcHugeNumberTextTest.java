package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code expiresAt} sent as a JSON string of two million digits (2 MB, within the 4-MiB
 * {@code maxResponseBytes}): {@code Values.epochMillis} parses any string as a {@code BigDecimal},
 * whose construction is quadratic in the digits (about 20 s for one million on a JDK 17, 80 s for
 * two), on the caller's thread, after the answer arrived, so that neither the call's timeout nor
 * {@code close()} ends it. {@code Values.text} bounds what it parses; {@code epochMillis} did not.
 */
class RpcHugeNumberTextTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    /** Far more than a correct client needs to refuse a 2-MB answer; far less than the parse takes. */
    private static final Duration GUARD = Duration.ofSeconds(30);

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

    private static MockResponse ok(String data) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"result\":{\"data\":" + data + "}}").build();
    }

    @Test
    void aStartWhoseExpiresAtIsMegabytesOfDigitsIsRefusedWithinTheCallsTimeout() {
        String digits = "1".repeat(2_000_000);
        server.enqueue(ok("{\"sessionId\":\"" + SESSION + "\",\"code\":\"482913\",\"expiresAt\":\"" + digits
                + "\",\"placeId\":\"1818\"}"));
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/roblox").toString()).scheduler(time).build();
        RequestOptions twoSeconds = RequestOptions.builder().timeout(Duration.ofSeconds(2)).build();

        Throwable thrown = assertTimeoutPreemptively(GUARD,
                () -> catchThrowable(() -> rpc.beginVerification(twoSeconds)),
                "beginVerification with a 2-s timeout still parsing a 2-MB number after " + GUARD);

        assertThat(thrown).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("expiresAt");
    }
}
