package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A reset is one step: a session finished before it must not have its webhook delivery recorded in
 * the log of the new state (nor sent as one of its deliveries) ({@link MockServer#reset()}: "Forgets all state", a reset "drops scheduled
 * retries and in-flight attempts of the old state").
 */
class DokaiResetDuringFinishTest {

    @Test
    void aSessionFinishedBeforeAResetHasNoDeliveryInTheLogAfterIt() throws Exception {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T10:30:00Z"));
        try (WebhookReceiver receiver = WebhookReceiver.answering();
             MockServer server = MockServer.start(MockSettings.builder().clock(clock).dokai(DokaiSettings.builder()
                     .deliveryDelays(Duration.ofMillis(50), Duration.ofMillis(100)).build()).build())) {
            String old = new DokaiHttp(server).newSession("{\"webhook_url\":\"" + receiver.url() + "\"}");
            Object state = server.dokai();
            Field field = state.getClass().getDeclaredField("deliverer");
            field.setAccessible(true);
            Object deliverer = field.get(state);
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread finishing = new Thread(() -> {
                try {
                    server.dokai().finish(old, "verified");
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "finishing");

            boolean resetDone = false;
            synchronized (deliverer) {
                finishing.start();
                // the finish has stored the ended session and waits for the deliverer
                ThreadInfo info;
                do {
                    Thread.onSpinWait();
                    info = ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {finishing.getId()},
                            true, false)[0];
                    if (!finishing.isAlive()) {
                        throw new AssertionError("the finish ended while the deliverer was held", failed.get());
                    }
                } while (info == null || info.getThreadState() != Thread.State.BLOCKED
                        || info.getLockInfo().getIdentityHashCode() != System.identityHashCode(deliverer));
                boolean holdsState = java.util.Arrays.stream(info.getLockedMonitors())
                        .anyMatch(m -> m.getIdentityHashCode() == System.identityHashCode(state));
                if (!holdsState) {
                    server.reset(); // between the session's end and its delivery
                    resetDone = true;
                }
            }
            finishing.join();
            if (failed.get() != null) {
                throw new AssertionError(failed.get());
            }
            if (!resetDone) {
                server.reset(); // the finish held the state's lock until its delivery was scheduled: reset after it
            }
            // a session of the new state, finished after the reset, is delivered (and the old one, if at all, beside it)
            String fresh = new DokaiHttp(server).newSession("{\"webhook_url\":\"" + receiver.url() + "\"}");
            server.dokai().finish(fresh, "verified");
            receiver.await(2, Duration.ofSeconds(3));
            server.dokai().awaitDeliveries(1, Duration.ofSeconds(15));

            assertThat(server.dokai().deliveries()).as("the delivery log after the reset")
                    .extracting(MockWebhookDelivery::sessionId).containsOnly(fresh);
        }
    }
}
