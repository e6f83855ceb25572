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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What no other test pinned of the verifier (found by mutation testing): the stream forms refuse a
 * body the signature does not match (every other stream test had a valid one), a tolerance with
 * a fraction of a second is kept whatever the clock's milliseconds, and a streamed body of exactly
 * the default maximum is accepted.
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

    /**
     * "The largest body accepted" ({@link WebhookVerifier#maxBodyBytes()}) is accepted from a stream
     * when it is a whole number of the reader's growing buffers, as the default 1 MiB is (the buffer
     * is then full at exactly the maximum, before the end of the stream is read); one byte more is not.
     */
    @Test
    void aStreamOfExactlyTheDefaultMaximumIsAcceptedAndOneByteMoreIsNot() {
        WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();
        byte[] largest = new byte[WebhookVerifier.DEFAULT_MAX_BODY_BYTES];
        Arrays.fill(largest, (byte) 'x');
        byte[] tooLarge = Arrays.copyOf(largest, largest.length + 1);
        tooLarge[largest.length] = 'x';

        assertThat(verifier.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(verifier.verify(new ByteArrayInputStream(largest), hmacHex(SECRET, largest))).isEqualTo(largest);
        assertThat(reason(() -> verifier.verify(new ByteArrayInputStream(tooLarge), hmacHex(SECRET, tooLarge))))
                .isEqualTo(Reason.BODY_TOO_LARGE);
    }

    private static Reason reason(Runnable call) {
        Throwable refused = catchThrowable(call::run);
        assertThat(refused).isInstanceOf(WebhookVerificationException.class);
        return ((WebhookVerificationException) refused).reason();
    }
}
