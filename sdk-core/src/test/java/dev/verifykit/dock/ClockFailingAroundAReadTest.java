package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A scheduler of the application's whose {@code nanoTime} throws once around a read of a session,
 * read by a shared guardrail store's gate: the wait ends with that failure, and the read must still
 * be told back, or the session's reads wait behind one that ended.
 */
class ClockFailingAroundAReadTest {

    private static final class OnceThrowingClock extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final ThreadLocal<Boolean> armed = ThreadLocal.withInitial(() -> false);
        final AtomicInteger thrown = new AtomicInteger();

        OnceThrowingClock() {
            super(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public long nanoTime() {
            if (armed.get()) {
                armed.set(false);
                thrown.incrementAndGet();
                throw new IllegalStateException("the application's clock failed");
            }
            return inner.nanoTime();
        }
    }

    /**
     * A scheduler of the application's whose {@code nanoTime} throws once, just after the session's
     * gate admitted a read ({@code Poller.Run.step}: the clock is read again before the turn is taken):
     * the wait ends with that failure, but the permit the gate handed out was never told back, so the
     * gate stays held for good and every later read of the session waits behind a read that was never
     * sent.
     */
    @Test
    void aClockFailingRightAfterAnAdmissionDoesNotHoldTheSessionsGate() throws Exception {
        OnceThrowingClock scheduler = new OnceThrowingClock();
        AtomicInteger reads = new AtomicInteger();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(scheduler.time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                ReadStart start = super.startRead(account, sessionId, rules);
                if (reads.incrementAndGet() == 1) {
                    scheduler.armed.set(true); // the clock's next reading on this thread fails
                }
                return start;
            }
        };
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(scheduler).guardrailStore(store).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            CompletableFuture<DockSession> first = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            Await.awaitTrue(first::isDone);
            assertThat(scheduler.thrown.get()).as("the clock failed right after the admission").isEqualTo(1);
            assertThat(first).isCompletedExceptionally();

            CompletableFuture<DockSession> second = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(1)).build());
            Await.awaitTrue(() -> {
                if (reads.get() >= 2 || second.isDone()) {
                    return true;
                }
                scheduler.time.advance(Duration.ofSeconds(1));
                return false;
            });
            assertThat(reads.get()).as("reads of the session the store was asked for (the second wait: %s)", second)
                    .isGreaterThanOrEqualTo(2);
            second.cancel(true);
        }
    }


    private static final class ReportClockFails extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final AtomicBoolean armed = new AtomicBoolean();
        final AtomicInteger thrown = new AtomicInteger();

        ReportClockFails() {
            super(VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public long nanoTime() {
            if (armed.get() && StackWalker.getInstance().walk(frames -> frames.anyMatch(f ->
                    f.getClassName().endsWith(".StoreReadState") && f.getMethodName().equals("arrived")))
                    && armed.compareAndSet(true, false)) {
                thrown.incrementAndGet();
                throw new IllegalStateException("the application's clock failed");
            }
            return inner.nanoTime();
        }
    }

    /**
     * The follow-up of the test above one step later: a scheduler of the
     * application's whose {@code nanoTime} throws once as the end of a read is being reported to a shared
     * guardrail store ({@code StoreReadState.arrived} reads the clock to say how long ago the read
     * arrived). The permit is marked ended before the store is told, so the report is never made, not
     * even when the wait's end tells the permit again: the store (Redis, for every instance sharing it)
     * keeps the read in flight for its whole lease (2 minutes), holding every instance's reads of the
     * session back, though the read ended.
     */
    @Test
    void aClockFailingOnceAsAReadEndsStillTellsTheSharedStore() throws Exception {
        ReportClockFails scheduler = new ReportClockFails();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(scheduler.time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                ReadStart start = super.startRead(account, sessionId, rules);
                if (start.kind() == ReadStart.Kind.STARTED) {
                    started.incrementAndGet();
                }
                return start;
            }

            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                reported.incrementAndGet();
                super.readArrived(account, sessionId, readId, ago);
            }
        };
        try (MockServer mock = MockServer.start();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .scheduler(scheduler).guardrailStore(store).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("user_1").build());
            scheduler.armed.set(true);
            Throwable failed = null;
            try {
                dock.sessions().retrieve(session.id());
            } catch (RuntimeException e) {
                failed = e;
            }
            assertThat(scheduler.thrown.get()).as("the clock failed as the read's end was reported (the read: %s)", failed)
                    .isEqualTo(1);
            assertThat(started.get()).as("reads the store let start").isEqualTo(1);
            assertThat(reported.get()).as("reads whose end reached the store (the read: %s)", failed).isEqualTo(1);
        }
    }
}
