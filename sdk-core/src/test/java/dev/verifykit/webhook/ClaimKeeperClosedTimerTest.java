package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

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
 * thread, so the claim keeper, which schedules its next extension from each extension, spins.
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
}
