package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.time.internal.SystemScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The verifier's timer closed while a handler still runs (the Spring starter closes its
 * {@code verifyKitWebhookTimer} with the context; a handler outliving the graceful-shutdown phase
 * still runs): a closed {@link SystemScheduler} runs every task scheduled on it at once, on a new
 * thread, so the claim keeper, which schedules its next extension from each extension, spins; and a
 * timer that is not closed but runs an extension a little before it is due is not taken for one.
 */
class ClaimKeeperClosedTimerTest {

    @Test
    void aClosedTimerDoesNotMakeTheClaimKeeperExtendInAHotLoop() throws Exception {
        AtomicInteger extensions = new AtomicInteger();
        CountDownLatch spinning = new CountDownLatch(200);
        ReplayGuard inner = ReplayGuard.inMemory(100, Duration.ofHours(1), Duration.ofSeconds(30));
        ReplayGuard counting = new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                return inner.claim(deliveryKey, now);
            }

            @Override
            public void commit(Claim claim, Instant now) {
                inner.commit(claim, now);
            }

            @Override
            public void release(Claim claim) {
                inner.release(claim);
            }

            @Override
            public Duration claimTimeout() {
                return inner.claimTimeout();
            }

            @Override
            public void extend(Claim claim, Instant now) {
                extensions.incrementAndGet();
                spinning.countDown();
                inner.extend(claim, now);
            }
        };
        SystemScheduler timer = SystemScheduler.newTimer();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(timer)
                .replayGuard(counting).build();

        boolean[] spun = new boolean[1];
        WebhookOutcome outcome = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            timer.close(); // the application shuts down while this handler still works
            // a correct keeper extends at most once more (the pending task close() runs); wait a while for a spin
            spun[0] = spinning.await(5, TimeUnit.SECONDS);
        });

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(spun[0])
                .as("extensions of one claim after the verifier's timer closed, while its handler ran: %s", extensions.get())
                .isFalse();
    }

    /**
     * An application's scheduler that hands its executor whole milliseconds ({@code delay.toMillis()},
     * rounding down) runs each extension of a 100-ms claim (every 33.3 ms) a third of a millisecond
     * before it is due: the keeper took that for a closed timer and stopped after the first extension,
     * so the claim lapsed while its handler ran and a copy of the delivery was handled beside it.
     */
    @Test
    void aTimerRunningExtensionsALittleEarlyKeepsTheClaim() {
        VirtualScheduler time = Fixtures.clock();
        ForwardingScheduler wholeMillis = new ForwardingScheduler(time) {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return inner.schedule(Duration.ofMillis(delay.toMillis()), task);
            }
        };
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(wholeMillis)
                .replayGuard(ReplayGuard.inMemory(100, Duration.ofHours(1), Duration.ofMillis(100))).build();
        String signature = hmacHex(SECRET, BODY);

        WebhookOutcome[] copy = new WebhookOutcome[1];
        WebhookOutcome outcome = verifier.handle(BODY, signature, event -> {
            time.advance(Duration.ofSeconds(1)); // the handler outlives its claim's timeout ten times over
            copy[0] = verifier.handle(BODY, signature, again -> {
                throw new AssertionError("a copy was handled while the first handler ran");
            });
        });

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(copy[0].kind()).as("a copy delivered while the handler runs").isEqualTo(WebhookOutcome.Kind.IN_PROGRESS);
    }
}
