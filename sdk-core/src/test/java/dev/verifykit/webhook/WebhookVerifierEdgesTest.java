package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.NOW;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.time.VirtualScheduler;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What no other test pinned of the verifier (found by mutation testing): the stream forms refuse a
 * body the signature does not match (every other stream test had a valid one), and a tolerance with
 * a fraction of a second is kept whatever the clock's milliseconds.
 */
class WebhookVerifierEdgesTest {
    @Test
    void theStreamFormsRefuseABodyTheSignatureDoesNotMatch() {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();
        byte[] tampered = bytes(Fixtures.BODY_TEXT.replace("verified", "VERIFIED"));
        String header = hmacHex(SECRET, BODY);

        assertThat(reason(() -> verifier.verify(new ByteArrayInputStream(tampered), header)))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reason(() -> verifier.verify(new ByteArrayInputStream(tampered), Map.of("X-Dokai-Signature", List.of(header)))))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
        assertThat(reason(() -> verifier.verifyAndParse(new ByteArrayInputStream(tampered), header)))
                .isEqualTo(Reason.NO_MATCHING_SIGNATURE);
    }

    /**
     * A tolerance of 300.5 s: a delivery 300.7 s old is refused and one 300.4 s old accepted, the
     * clock being in the middle of a second (not on a whole one, where the millisecond reading alone
     * decides).
     */
    @Test
    void aToleranceWithAFractionOfASecondIsKeptInTheMiddleOfASecond() {
        Duration tolerance = Duration.ofMillis(300_500);
        String header = timestamped(SECRET, T, BODY);

        VirtualScheduler late = VirtualScheduler.manual(NOW.plusMillis(300_700));
        assertThat(reason(() -> Fixtures.verifier(late).tolerance(tolerance).build().verify(BODY, header)))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);
        VirtualScheduler early = VirtualScheduler.manual(NOW.minusMillis(300_700));
        assertThat(reason(() -> Fixtures.verifier(early).tolerance(tolerance).build().verify(BODY, header)))
                .isEqualTo(Reason.TIMESTAMP_OUTSIDE_TOLERANCE);

        VirtualScheduler within = VirtualScheduler.manual(NOW.plusMillis(300_400));
        assertThatCode(() -> Fixtures.verifier(within).tolerance(tolerance).build().verify(BODY, header))
                .doesNotThrowAnyException();
    }

    private static Reason reason(Runnable call) {
        Throwable refused = catchThrowable(call::run);
        assertThat(refused).isInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) refused).reason();
    }
}
