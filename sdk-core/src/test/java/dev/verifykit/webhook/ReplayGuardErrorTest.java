package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A replay guard of the application's (a Redis one) failing with an {@link Error} (a
 * {@code NoClassDefFoundError} of a class its client loads lazily, a {@code StackOverflowError})
 * where {@link WebhookVerifier#handle} caught only {@link RuntimeException}: in {@code commit} after
 * the handler succeeded, in {@code release} after it failed, in {@code extend} on the timer while it
 * runs. WebhookHandlerErrorOutcomeTest holds handle() to "every verified delivery tells its outcome",
 * an Error included; and a guard's failure at commit is documented as "logged, not thrown: the
 * delivery was handled".
 */
class ReplayGuardErrorTest {
    private final VirtualScheduler clock = Fixtures.clock();
    private final List<WebhookDelivery> told = new CopyOnWriteArrayList<>();
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onWebhookOutcome(WebhookDelivery delivery) {
            told.add(delivery);
        }
    };

    /**
     * An Error of the guard's at the commit escaped {@code handle} after the handler succeeded:
     * nothing was told, the servlet answered 500, and Dokai's retry, once the claim (neither
     * committed nor released) expired, was handled a second time.
     */
    @Test
    void aGuardErrorAtCommitStillTellsTheHandledDelivery() {
        AtomicInteger handled = new AtomicInteger();
        ReplayGuard guard = new Failing(ReplayGuard.inMemory(), "commit");
        WebhookVerifier verifier = Fixtures.verifier(clock).replayGuard(guard).listener(listener).build();

        Throwable thrown = catchThrowable(() -> verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet()));

        assertThat(thrown).as("thrown by handle").isNull();
        assertThat(handled).as("the handler ran").hasValue(1);
        assertThat(told).extracting(WebhookDelivery::outcome)
                .as("outcomes told of a delivery handled, whose commit failed with an Error (handle threw %s)", thrown)
                .containsExactly("HANDLED");
    }

    /**
     * An Error of the guard's at the release, after the handler failed, escaped {@code handle} with
     * no {@code HANDLER_FAILED} told; it is still thrown (the answer is a 500 anyway), once told.
     */
    @Test
    void aGuardErrorAtReleaseStillTellsTheFailedHandler() {
        ReplayGuard guard = new Failing(ReplayGuard.inMemory(), "release");
        WebhookVerifier verifier = Fixtures.verifier(clock).replayGuard(guard).listener(listener).build();

        Throwable thrown = catchThrowable(() -> verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            throw new IllegalStateException("database down");
        }));

        assertThat(told).extracting(WebhookDelivery::outcome)
                .as("outcomes told of a delivery whose handler failed and whose release failed with an Error"
                        + " (handle threw %s)", thrown)
                .containsExactly("HANDLER_FAILED");
        assertThat(thrown).as("thrown by handle").isInstanceOf(NoClassDefFoundError.class);
    }

    /**
     * A handler failing with an Error is told and the Error rethrown; a guard failing with another
     * at the release replaced it, and nothing was told.
     */
    @Test
    void aGuardErrorAtReleaseAfterAHandlerErrorStillTellsItAndThrowsTheHandlers() {
        ReplayGuard guard = new Failing(ReplayGuard.inMemory(), "release");
        WebhookVerifier verifier = Fixtures.verifier(clock).replayGuard(guard).listener(listener).build();
        AssertionError handlers = new AssertionError("the handler's");

        Throwable thrown = catchThrowable(() -> verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            throw handlers;
        }));

        assertThat(told).extracting(WebhookDelivery::outcome).as("outcomes told").containsExactly("HANDLER_FAILED");
        assertThat(thrown).as("thrown by handle").isSameAs(handlers);
    }

    /**
     * One extension failing with an Error stopped every later one (ClaimKeeper.extend caught a
     * RuntimeException only, so the Error left before the next extension was scheduled): the claim
     * expired while the handler still ran and a copy of the delivery was handled beside it. A
     * RuntimeException there was logged and the next extension went on.
     */
    @Test
    void oneGuardErrorAtExtendDoesNotEndTheExtensions() {
        // timed on the test's virtual clock, as a guard given to the verifier would be
        ReplayGuard inner = InMemoryReplayGuard.timedBy(ReplayGuard.inMemory(100, Duration.ofHours(1), Duration.ofSeconds(30)),
                clock);
        AtomicInteger extensions = new AtomicInteger();
        ReplayGuard guard = new Failing(inner, "none") {
            @Override
            public void extend(Claim claim, Instant now) {
                if (extensions.incrementAndGet() == 1) {
                    throw new StackOverflowError("once");
                }
                inner.extend(claim, now);
            }
        };
        WebhookVerifier verifier = Fixtures.verifier(clock).replayGuard(guard).build();
        WebhookOutcome[] copy = new WebhookOutcome[1];
        AtomicInteger copiesHandled = new AtomicInteger();

        WebhookOutcome first = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            catchThrowable(() -> clock.advance(Duration.ofSeconds(10))); // the first extension fails (thrown into the timer)
            clock.advance(Duration.ofSeconds(25)); // the handler runs on, past the claim's 30 s
            copy[0] = verifier.handle(BODY, hmacHex(SECRET, BODY), again -> copiesHandled.incrementAndGet());
        });

        assertThat(first.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(copiesHandled).as("copies handled while the first still ran (extensions asked: %s)", extensions).hasValue(0);
        assertThat(copy[0].kind()).isEqualTo(WebhookOutcome.Kind.IN_PROGRESS);
    }

    /** A guard passing to another, but for one method that fails with an Error. */
    private static class Failing implements ReplayGuard {
        private final ReplayGuard inner;
        private final String failing;

        Failing(ReplayGuard inner, String failing) {
            this.inner = inner;
            this.failing = failing;
        }

        private void maybeFail(String method) {
            if (method.equals(failing)) {
                throw new NoClassDefFoundError("io/lettuce/core/RedisFuture");
            }
        }

        @Override
        public Claim claim(String deliveryKey, Instant now) {
            return inner.claim(deliveryKey, now);
        }

        @Override
        public void commit(Claim claim, Instant now) {
            maybeFail("commit");
            inner.commit(claim, now);
        }

        @Override
        public void release(Claim claim) {
            maybeFail("release");
            inner.release(claim);
        }

        @Override
        public Duration claimTimeout() {
            return inner.claimTimeout();
        }

        @Override
        public void extend(Claim claim, Instant now) {
            inner.extend(claim, now);
        }
    }
}
