package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.WebhookVerifierTest.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The tolerance's edges below a millisecond. The rule (WebhookVerifier's class Javadoc and
 * {@code Builder#tolerance}, README: "refuses a timestamp more than 5 minutes away either way"): a
 * timestamped delivery is refused when {@code |now - t| > tolerance}, for any {@link Duration}
 * tolerance. The signature is {@code t=1773225060,v1=<HMAC of "1773225060." + body>} computed by
 * {@link Fixtures#timestamped} with {@code javax.crypto.Mac}; the clock is a virtual one read to
 * the nanosecond.
 */
class ToleranceSubMillisecondEdgeTest {
    private static final String HEADER = Fixtures.timestamped(SECRET, NOW.getEpochSecond(), BODY);

    private static WebhookVerifier at(Instant now, Duration tolerance) {
        return Fixtures.verifier(VirtualScheduler.manual(now)).tolerance(tolerance).build();
    }

    @Test
    void halfAMillisecondPastTheDefaultToleranceIsRefused() {
        Duration tolerance = WebhookVerifier.DEFAULT_TOLERANCE;

        assertThatCode(() -> at(NOW.plus(tolerance), tolerance).verify(BODY, HEADER)).as("exactly 5 minutes after t")
                .doesNotThrowAnyException();
        assertThat(reasonOf(() -> at(NOW.plus(tolerance).plusNanos(500_000), tolerance).verify(BODY, HEADER)))
                .as("5 minutes and 0.5 ms after t is more than 5 minutes away")
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void aZeroToleranceRefusesANanosecondEitherWay() {
        assertThatCode(() -> at(NOW, Duration.ZERO).verify(BODY, HEADER)).doesNotThrowAnyException();
        assertThat(reasonOf(() -> at(NOW.minusNanos(1), Duration.ZERO).verify(BODY, HEADER))).as("1 ns before t")
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        assertThat(reasonOf(() -> at(NOW.plusNanos(1), Duration.ZERO).verify(BODY, HEADER))).as("1 ns after t")
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @Test
    void aToleranceWithAFractionOfAMillisecondKeepsItsEdgeBeforeT() {
        Duration tolerance = Duration.ofSeconds(300).plusNanos(400_000); // 300.0004 s

        assertThatCode(() -> at(NOW.minus(Duration.ofSeconds(300)).minusNanos(300_000), tolerance).verify(BODY, HEADER))
                .as("300.0003 s before t is within 300.0004 s").doesNotThrowAnyException();
        assertThat(reasonOf(() -> at(NOW.minus(Duration.ofSeconds(300)).minusNanos(500_000), tolerance)
                .verify(BODY, HEADER))).as("300.0005 s before t").isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
    }
}
