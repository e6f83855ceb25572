package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.testing.LoggedWarnings;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import dev.verifykit.testing.ForwardingScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * A webhook verifier's scheduler clock, or its replay guard, failing around the handler (found by a
 * review of the change that made guard {@code Error}s logged): a clock failing after the handler kept
 * the claim from being committed (its copies got 409, then one was handled again); a clock failing
 * before the handler threw with nothing told; a guard failing for good to extend a claim logged at
 * ERROR every third of the claim timeout.
 */
class WebhookClockAndGuardFailuresTest {
    private final VirtualScheduler time = Fixtures.clock();
    private final AtomicBoolean clockFails = new AtomicBoolean();
    private final AtomicBoolean nextNanoTimeFails = new AtomicBoolean();
    private final List<WebhookDelivery> told = new CopyOnWriteArrayList<>();
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onWebhookOutcome(WebhookDelivery delivery) {
            told.add(delivery);
        }
    };

    /** Virtual time whose clock (now and nanoTime) fails while clockFails is set. */
    private final Scheduler scheduler = new ForwardingScheduler(time) {
        @Override
        public Instant now() {
            if (clockFails.get()) {
                throw new IllegalStateException("the application's clock failed");
            }
            return time.now();
        }

        @Override
        public long nanoTime() {
            if (clockFails.get() || nextNanoTimeFails.getAndSet(false)) {
                throw new IllegalStateException("the application's clock failed");
            }
            return time.nanoTime();
        }
    };

    private final ReplayGuard inMemory = InMemoryReplayGuard.timedBy(ReplayGuard.inMemory(), time);

    /**
     * CHANGELOG: "A scheduler clock that fails once a delivery is claimed no longer leaves the claim
     * held ... after it, the delivery is committed and told HANDLED". commit() reads scheduler.now()
     * before calling the guard, so a failing clock skips guard.commit: the claim stays held, the copy
     * gets 409 and, once the claim expires, the event is handled a second time.
     */
    @Test
    void aClockFailingAfterTheHandlerStillCommits() {
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(scheduler).replayGuard(inMemory)
                .build();
        AtomicInteger handled = new AtomicInteger();

        WebhookOutcome first = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> {
            handled.incrementAndGet();
            clockFails.set(true); // the clock fails from here on, now() as well as nanoTime()
        });
        clockFails.set(false); // back for the copy's claim
        WebhookOutcome copy = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet());

        assertThat(first.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(copy.kind()).as("the copy of a handled delivery (claim committed?)")
                .isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
    }

    /**
     * The clock failing after the claim, before the handler: the claim was released and the
     * failure thrown with no outcome told. Now the delivery is handled all the same (only the
     * handler's duration is not known), told once, and committed.
     */
    @Test
    void aClockFailingBeforeTheHandlerStillHandlesTellsAndCommits() {
        AtomicInteger claims = new AtomicInteger();
        ReplayGuard guard = new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                Claim claim = inMemory.claim(deliveryKey, now);
                if (claims.incrementAndGet() == 1) {
                    nextNanoTimeFails.set(true); // the verifier's next reading, as it starts the handler
                }
                return claim;
            }

            @Override
            public void commit(Claim claim, Instant now) {
                inMemory.commit(claim, now);
            }

            @Override
            public void release(Claim claim) {
                inMemory.release(claim);
            }
        };
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(scheduler).replayGuard(guard)
                .listener(listener).build();
        AtomicInteger handled = new AtomicInteger();

        WebhookOutcome first = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet());
        WebhookOutcome copy = verifier.handle(BODY, hmacHex(SECRET, BODY), event -> handled.incrementAndGet());

        assertThat(first.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(handled).as("times the event was handled").hasValue(1);
        assertThat(copy.kind()).isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
        assertThat(told).extracting(WebhookDelivery::outcome).containsExactly("HANDLED", "ALREADY_HANDLED");
        assertThat(told.get(0).handlerDuration()).as("not known: the clock failed").isEmpty();
    }

    /**
     * One Error extending no longer ends the extensions, but each extension that fails logs again,
     * at ERROR with its stack trace: a guard that keeps failing (its class missing) logs every third
     * of the claim timeout for as long as the handler runs (up to ClaimKeeper.LONGEST, 24 h).
     */
    @Test
    void aGuardThatKeepsFailingToExtendDoesNotLogEveryExtension() {
        ReplayGuard base = InMemoryReplayGuard.timedBy(ReplayGuard.inMemory(1000, Duration.ofHours(1),
                Duration.ofSeconds(30)), time);
        ReplayGuard guard = new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                return base.claim(deliveryKey, now);
            }

            @Override
            public void commit(Claim claim, Instant now) {
                base.commit(claim, now);
            }

            @Override
            public void release(Claim claim) {
                base.release(claim);
            }

            @Override
            public Duration claimTimeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public void extend(Claim claim, Instant now) {
                throw new NoClassDefFoundError("io/lettuce/core/RedisFuture");
            }
        };
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(time).replayGuard(guard).build();

        List<LogRecord> logged = LoggedWarnings.during("dev.verifykit.webhook",
                () -> verifier.handle(BODY, hmacHex(SECRET, BODY), event -> time.advance(Duration.ofHours(1))));

        assertThat(logged).as("records logged for one delivery whose handler ran an hour").hasSizeLessThanOrEqualTo(3);
    }
}
