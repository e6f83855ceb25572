package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A reset drops the in-flight attempts of the old state ({@link MockServer#reset()}; sdk-mockserver README:
 * a reset "drops scheduled retries and in-flight attempts"), an attempt that has begun but has not yet opened
 * its request included: it must not reach the receiver after the reset.
 */
class DokaiResetDuringAttemptTest {

    /**
     * A clock that stands still and holds the first delivery thread that reads it (an attempt reads the time
     * to date and sign itself, before its request goes out) until the test lets it go.
     */
    private static final class GateClock extends Clock {
        private final Instant now = Instant.parse("2026-05-07T10:30:00Z");
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicReference<Thread> held = new AtomicReference<>();

        @Override
        public Instant instant() {
            Thread current = Thread.currentThread();
            if (current.getName().startsWith("verifykit-mock-dokai-webhooks-") && held.compareAndSet(null, current)) {
                reached.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    current.interrupt();
                }
            }
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        Thread awaitAttempt() throws InterruptedException {
            assertThat(reached.await(15, TimeUnit.SECONDS)).as("the attempt began").isTrue();
            return held.get();
        }

        void release() {
            release.countDown();
        }
    }

    /** Whether the pool thread has finished its task and waits for the next one. */
    private static boolean idle(Thread worker) {
        Thread.State state = worker.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(worker.getStackTrace()).anyMatch(f -> f.getMethodName().equals("getTask"));
    }

    @Test
    void anAttemptThatBeganBeforeAResetIsNotSentAfterIt() throws Exception {
        GateClock clock = new GateClock();
        try (WebhookReceiver receiver = WebhookReceiver.answering();
             MockServer server = MockServer.start(MockSettings.builder().clock(clock).dokai(DokaiSettings.builder()
                     .deliveryTimeout(Duration.ofMinutes(2)).build()).build())) {
            String id = new DokaiHttp(server).newSession("{\"webhook_url\":\"" + receiver.url() + "\"}");
            server.dokai().finish(id, "verified");
            Thread attempt = clock.awaitAttempt();

            server.reset();
            clock.release();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!idle(attempt) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            assertThat(idle(attempt)).as("the attempt ended").isTrue();
            assertThat(receiver.received()).as("requests of the old state that reached the receiver").isEmpty();
            assertThat(server.dokai().deliveries()).isEmpty();
        }
    }
}
