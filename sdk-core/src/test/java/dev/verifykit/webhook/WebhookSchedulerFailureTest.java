package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import dev.verifykit.testing.ForwardingScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link WebhookVerifier#handle} on a scheduler of the application's
 * ({@code WebhookVerifier.Builder.scheduler}) that fails: its timer handle failing to cancel, its
 * clock failing once a delivery is claimed. Whatever it does, a claim is committed or released, so
 * that a handled delivery is not handled again and a copy of one not handled is.
 */
class WebhookSchedulerFailureTest {
    private final VirtualScheduler time = Fixtures.clock();
    private final AtomicBoolean cancelFails = new AtomicBoolean();
    private final AtomicBoolean nextNanoTimeFails = new AtomicBoolean();

    /** The test's virtual time, but for what the test makes fail. */
    private final Scheduler scheduler = new ForwardingScheduler(time) {
        @Override
        public long nanoTime() {
            if (nextNanoTimeFails.getAndSet(false)) {
                throw new IllegalStateException("the application's clock failed");
            }
            return time.nanoTime();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            Cancellable inner = time.schedule(delay, task);
            return () -> {
                inner.cancel();
                if (cancelFails.get()) {
                    throw new IllegalStateException("the application's executor is shutting down");
                }
            };
        }
    };

    /** The in-memory guard, timed by the test's virtual time (not the failing scheduler). */
    private final ReplayGuard inMemory = InMemoryReplayGuard.timedBy(ReplayGuard.inMemory(), time);

    /**
     * The claim keeper cancels its next extension after the handler returned
     * ({@code ClaimKeeper.close()}); a {@code Cancellable.cancel()} that threw there was taken for
     * the handler's failure: the claim was released and the delivery answered 500
     * ({@code HANDLER_FAILED}), so Dokai sent it again and it was handled a second time.
     */
    @Test
    void aTimerThatFailsToCancelDoesNotUndoAHandledDelivery() {
        cancelFails.set(true);
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(scheduler).replayGuard(inMemory)
                .build();
        AtomicInteger handled = new AtomicInteger();

        WebhookOutcome first = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet());
        WebhookOutcome copy = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet());

        assertThat(first.kind()).as("the outcome of a delivery whose handler returned (failure: %s)",
                first.failure().orElse(null)).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(handled).as("times the event was handled").hasValue(1);
        assertThat(copy.kind()).isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
    }

    /**
     * The scheduler's clock failing as the handler returned (timing it) threw out of
     * {@code handle} with the claim neither committed nor released: the delivery was answered 500,
     * and its copies 409 until the claim expired, when one was handled a second time.
     */
    @Test
    void aClockFailingAfterTheHandlerStillCommitsTheDelivery() {
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(scheduler).replayGuard(inMemory)
                .build();
        AtomicInteger handled = new AtomicInteger();

        WebhookOutcome first = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            handled.incrementAndGet();
            nextNanoTimeFails.set(true); // ClaimKeeper.close() reads no clock: the next reading times the handler
        });
        WebhookOutcome copy = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet());

        assertThat(first.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(copy.kind()).as("the copy's outcome").isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
        assertThat(handled).as("times the event was handled").hasValue(1);
    }
}
