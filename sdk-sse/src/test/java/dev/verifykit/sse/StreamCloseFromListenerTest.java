package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.DockInternals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing from inside session listeners: a listener call holds its stream's lock, and ending a
 * stream takes it, so two listeners each ending the other's stream (directly, or by closing the
 * client, whose close ends every stream) deadlocked. Each listener here parks in its first
 * {@code onSession} until the test lets it go; the steps are ordered by latches and by the state of
 * the parked threads (never by sleeping), and a deadlock is reported as one (ThreadMXBean) within
 * a bounded wait rather than hanging the build.
 */
class StreamCloseFromListenerTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(INTERVAL).createBurst(1000).build()).build());
    private final List<Parking> parked = new CopyOnWriteArrayList<>();
    private final List<DockClient> clients = new CopyOnWriteArrayList<>();
    /** Set once a close that must wait for the listeners has returned: no listener call may start after. */
    private final AtomicBoolean closeReturned = new AtomicBoolean();

    @AfterEach
    void stop() throws InterruptedException {
        parked.forEach(p -> p.go.countDown());
        // On a thread of its own: with a deadlock left behind, close() would hang the build.
        Thread cleanup = new Thread(() -> {
            clients.forEach(DockClient::close);
            mock.close();
        }, "test-cleanup");
        cleanup.setDaemon(true);
        cleanup.start();
        cleanup.join(10_000);
    }

    private DockClient dock() {
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).createBurst(1000).build()).build();
        clients.add(dock);
        return dock;
    }

    private static DockSession create(DockClient dock, String clientId) {
        return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId(clientId).build());
    }

    /** Opens a stream whose listener parks in its first onSession, and waits until it has. */
    private Parked open(DockClient dock, SessionStreams streams, String name) throws InterruptedException {
        Parking listener = new Parking(name, closeReturned);
        parked.add(listener);
        SessionStream stream = streams.open(create(dock, name).id(), listener);
        assertThat(listener.entered.await(30, TimeUnit.SECONDS)).as(name + " heard the session").isTrue();
        return new Parked(stream, listener);
    }

    /**
     * The deterministic form of the audit's deadlock: B's listener closes A's stream while A's
     * listener is parked (before the fix it waited for A's lock, holding B's); then A's listener
     * closes the client, whose close ends B's stream (before the fix: waiting for B's lock).
     */
    @Test
    void aListenerClosingTheClientWhileAnotherClosesItsStreamDoNotDeadlock() throws Exception {
        DockClient dock = dock();
        SessionStreams streams = DockSessionStreams.of(dock);
        Parked a = open(dock, streams, "a");
        Parked b = open(dock, streams, "b");
        a.listener.action = dock::close;
        b.listener.action = a.stream::close;

        bThenA(a, b);
    }

    /** Two listeners each close the other's stream. */
    @Test
    void twoListenersClosingEachOthersStreamDoNotDeadlock() throws Exception {
        DockClient dock = dock();
        SessionStreams streams = DockSessionStreams.of(dock);
        Parked a = open(dock, streams, "a");
        Parked b = open(dock, streams, "b");
        a.listener.action = b.stream::close;
        b.listener.action = a.stream::close;

        bThenA(a, b);
    }

    /**
     * The audit's test: two streams' listeners each close the client. Whether that deadlocked
     * before the fix depended on the order the client ran its close hooks in (set order, so by
     * identity hashes): trials repeat it with new clients; after the fix none may deadlock.
     */
    @Test
    void twoStreamListenersClosingTheClientDoNotDeadlock() throws Exception {
        for (int trial = 1; trial <= 16; trial++) {
            DockClient dock = dock();
            SessionStreams streams = DockSessionStreams.of(dock);
            Parked a = open(dock, streams, "a" + trial);
            Parked b = open(dock, streams, "b" + trial);
            a.listener.action = dock::close;
            b.listener.action = dock::close;

            bThenA(a, b);
        }
    }

    /**
     * "onClosed: the last call this listener gets": what a throwing {@code onClosed} threw was reported
     * to {@code onError}, a call after it. The stream is closed on the test's thread, which tells
     * {@code onClosed} before {@code close()} returns.
     */
    @Test
    void noCallFollowsOnClosedEvenWhenItThrows() throws Exception {
        DockClient dock = dock();
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch firstState = new CountDownLatch(1);
        SessionStream stream = DockSessionStreams.of(dock).open(create(dock, "u").id(), new SessionListener() {
            @Override
            public void onSession(DockSession s) {
                calls.add("onSession");
                firstState.countDown();
            }

            @Override
            public void onError(VerifyKitException error) {
                calls.add("onError: " + error.getMessage());
            }

            @Override
            public void onClosed() {
                calls.add("onClosed");
                throw new IllegalStateException("released already");
            }
        });
        assertThat(firstState.await(30, TimeUnit.SECONDS)).isTrue();

        stream.close();

        assertThat(calls).contains("onClosed");
        assertThat(calls.get(calls.size() - 1)).as("the last call of %s", calls).isEqualTo("onClosed");
    }

    /** A listener closing its own stream, then the client, from inside its call: done at once, on its thread. */
    @Test
    void aListenerClosingItsOwnStreamAndTheClientEndsItBeforeCloseReturns() throws Exception {
        DockClient dock = dock();
        Parked a = open(dock, DockSessionStreams.of(dock), "a");
        AtomicBoolean toldBeforeReturn = new AtomicBoolean();
        a.listener.action = () -> {
            a.stream.close();
            toldBeforeReturn.set(a.listener.closed.getCount() == 0);
            dock.close();
        };

        a.listener.go.countDown();

        awaitOrReportDeadlock(List.of(a));
        assertThat(toldBeforeReturn).as("onClosed told before the stream's close() returned").isTrue();
        assertEndedOnce(a);
        assertThat(a.listener.calls).containsExactly("session:pending", "closed");
    }

    /**
     * The guarantee kept: a client close on a thread outside the listeners waits for a listener
     * call in progress, tells the stream's end before it returns, and no call starts after.
     */
    @Test
    void noListenerCallStartsAfterTheClientsCloseReturnsOnAnotherThread() throws Exception {
        DockClient dock = dock();
        Parked a = open(dock, DockSessionStreams.of(dock), "a");

        Closer closer = new Closer(dock::close);
        awaitWaitingFor(closer, a.listener.thread);
        assertThat(closer.returned.getCount()).as("close() waits for the listener call in progress").isEqualTo(1);
        a.listener.go.countDown();

        closer.awaitReturned(List.of(a));
        assertNoLateCall(dock, a);
        assertThat(a.listener.calls).containsExactly("session:pending", "error:WaitCancelledException", "closed");
    }

    /** The same for a stream's own close(). */
    @Test
    void noListenerCallStartsAfterTheStreamsCloseReturnsOnAnotherThread() throws Exception {
        DockClient dock = dock();
        Parked a = open(dock, DockSessionStreams.of(dock), "a");

        Closer closer = new Closer(a.stream::close);
        awaitWaitingFor(closer, a.listener.thread);
        assertThat(closer.returned.getCount()).as("close() waits for the listener call in progress").isEqualTo(1);
        a.listener.go.countDown();

        closer.awaitReturned(List.of(a));
        assertNoLateCall(dock, a);
        assertThat(a.listener.calls).containsExactly("session:pending", "closed");
    }

    /**
     * A listener of A closes the client while B's listener is in a call: B's end is left to B's
     * thread. A close on a thread outside the listeners, made then, still returns only once B has
     * ended (before the fix, it found the client's close hooks taken by A's close and returned at
     * once, and B's end was told after it).
     */
    @Test
    void aCloseOutsideTheListenersWaitsForAnEndLeftToAnotherListenersThread() throws Exception {
        DockClient dock = dock();
        SessionStreams streams = DockSessionStreams.of(dock);
        Parked a = open(dock, streams, "a");
        Parked b = open(dock, streams, "b");
        a.listener.action = dock::close;

        a.listener.go.countDown();
        awaitReturnedOrWaitingFor(a.listener, b.listener.thread);
        Closer closer = new Closer(dock::close);
        awaitReturnedOrWaitingFor(closer.returned, closer.thread, b.listener.thread);
        assertThat(closer.returned.getCount()).as("close() waits for B's listener call in progress").isEqualTo(1);
        b.listener.go.countDown();

        closer.awaitReturned(List.of(a, b));
        awaitOrReportDeadlock(List.of(a, b));
        assertEndedOnce(a, b);
        assertNoLateCall(dock, a, b);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Lets B's listener act first; once it returned or waits for A's lock, A's; then both streams
     * must end, each once, without a deadlock.
     */
    private static void bThenA(Parked a, Parked b) throws Exception {
        b.listener.go.countDown();
        awaitReturnedOrWaitingFor(b.listener, a.listener.thread);
        a.listener.go.countDown();

        awaitOrReportDeadlock(List.of(a, b));
        assertEndedOnce(a, b);
    }

    private static void assertEndedOnce(Parked... streams) throws Exception {
        for (Parked p : streams) {
            assertThat(p.listener.onClosedCalls).as(p.listener.name + ": onClosed told once").hasValue(1);
            assertThat(p.stream.isOpen()).as(p.listener.name + " is open").isFalse();
            if (p.stream instanceof CompletableFuture<?> future) { // the stream is its wait's future
                // completed by the end's last step, after onClosed was told and the lock released (once its
                // connection is stopped): on a loaded machine a moment after the latch the test waits on
                awaitTrue(p.listener.name + "'s future done", future::isDone, List.of(p.listener.thread));
            }
        }
    }

    /** No call after the close returned, once the stream's connection is over (its reader has finished). */
    private static void assertNoLateCall(DockClient dock, Parked... streams) throws InterruptedException {
        okhttp3.Dispatcher dispatcher = DockInternals.waitDispatcher(dock);
        long giveUp = System.nanoTime() + GIVE_UP_NANOS;
        while (dispatcher.runningCallsCount() > 0) {
            assertThat(System.nanoTime()).as("the streams' calls ended").isLessThan(giveUp);
            Thread.sleep(10);
        }
        for (Parked p : streams) {
            assertThat(p.listener.late).as(p.listener.name + ": calls after close() returned").isEmpty();
            assertThat(p.listener.onClosedCalls).as(p.listener.name + ": onClosed told once").hasValue(1);
        }
    }

    /** Waits until {@code p}'s action has returned, or its thread waits for a lock {@code owner} holds. */
    private static void awaitReturnedOrWaitingFor(Parking p, Thread owner) throws Exception {
        awaitReturnedOrWaitingFor(p.acted, p.thread, owner);
    }

    private static void awaitWaitingFor(Closer closer, Thread owner) throws Exception {
        awaitReturnedOrWaitingFor(closer.returned, closer.thread, owner);
    }

    private static void awaitReturnedOrWaitingFor(CountDownLatch returned, Thread waiter, Thread owner) throws Exception {
        awaitTrue(waiter.getName() + " returned or waits for " + owner.getName(), () -> returned.getCount() == 0
                || (waiter.getState() == Thread.State.BLOCKED || waiter.getState() == Thread.State.WAITING)
                        && Mx.lockOwner(waiter.getId()) == owner.getId(), List.of(waiter, owner));
    }

    /** Waits until every listener's action returned and every stream told onClosed; a deadlock fails at once. */
    private static void awaitOrReportDeadlock(List<Parked> streams) throws Exception {
        List<Thread> threads = streams.stream().map(p -> p.listener.thread).toList();
        for (Parked p : streams) {
            awaitTrue(p.listener.name + "'s close returned and its stream ended",
                    () -> p.listener.acted.getCount() == 0 && p.listener.closed.getCount() == 0, threads);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition, List<Thread> threads) throws Exception {
        long giveUp = System.nanoTime() + GIVE_UP_NANOS;
        while (!condition.getAsBoolean()) {
            long[] deadlocked = Mx.deadlocked();
            if (deadlocked != null && threads.stream().anyMatch(t -> Arrays.stream(deadlocked).anyMatch(id -> id == t.getId()))) {
                fail("DEADLOCK while waiting until " + what + ":\n" + dump(threads));
            }
            if (System.nanoTime() > giveUp) {
                fail("not within 30 s: " + what + "\n" + dump(threads));
            }
            Thread.sleep(5); // polling the threads' state; the steps never depend on how long this is
        }
    }

    private static String dump(List<Thread> threads) {
        StringBuilder dump = new StringBuilder();
        for (Thread t : threads) {
            long owner;
            try {
                owner = Mx.lockOwner(t.getId());
            } catch (Exception e) {
                owner = -2;
            }
            dump.append(t.getName()).append(" (id ").append(t.getId()).append(") ").append(t.getState())
                    .append(", waiting for a lock held by thread ").append(owner).append('\n');
            StackTraceElement[] stack = t.getStackTrace();
            for (StackTraceElement e : Arrays.copyOf(stack, Math.min(14, stack.length))) {
                dump.append("    at ").append(e).append('\n');
            }
        }
        return dump.toString();
    }

    private record Parked(SessionStream stream, Parking listener) {}

    /** Closes on a thread of its own, outside every listener; then marks the close as returned. */
    private final class Closer {
        final CountDownLatch returned = new CountDownLatch(1);
        final Thread thread;

        Closer(Runnable close) {
            thread = new Thread(() -> {
                close.run();
                closeReturned.set(true);
                returned.countDown();
            }, "test-closer");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitReturned(List<Parked> streams) throws Exception {
            List<Thread> threads = new ArrayList<>(streams.stream().map(p -> p.listener.thread).toList());
            threads.add(thread);
            awaitTrue("the closer's close() returned", () -> returned.getCount() == 0, threads);
        }
    }

    /** Parks in its first onSession until {@link #go}, then runs {@link #action}; records every call. */
    private static final class Parking implements SessionListener {
        final String name;
        final AtomicBoolean closeReturned;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final CountDownLatch acted = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicInteger onClosedCalls = new AtomicInteger();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> late = new CopyOnWriteArrayList<>();
        final AtomicBoolean first = new AtomicBoolean(true);
        volatile Runnable action = () -> {};
        volatile Thread thread;

        Parking(String name, AtomicBoolean closeReturned) {
            this.name = name;
            this.closeReturned = closeReturned;
        }

        private void record(String call) {
            if (closeReturned.get()) {
                late.add(call);
            }
            calls.add(call);
        }

        @Override
        public void onSession(DockSession session) {
            record("session:" + session.status().raw());
            if (!first.compareAndSet(true, false)) {
                return;
            }
            thread = Thread.currentThread();
            entered.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            action.run();
            acted.countDown();
        }

        @Override
        public void onTerminal(DockSession session) {
            record("terminal");
        }

        @Override
        public void onError(VerifyKitException error) {
            record("error:" + error.getClass().getSimpleName());
        }

        @Override
        public void onClosed() {
            record("closed");
            onClosedCalls.incrementAndGet();
            closed.countDown();
        }
    }

    /** java.lang.management by reflection (the tests do not read java.management at compile time). */
    private static final class Mx {
        static Object bean() throws Exception {
            return Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        }

        /** Threads deadlocked on monitors or on locks such as ReentrantLock. */
        static long[] deadlocked() {
            try {
                return (long[]) Class.forName("java.lang.management.ThreadMXBean").getMethod("findDeadlockedThreads")
                        .invoke(bean());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static long lockOwner(long id) {
            try {
                Object info = Class.forName("java.lang.management.ThreadMXBean").getMethod("getThreadInfo", long.class)
                        .invoke(bean(), id);
                return info == null ? -1 : (long) Class.forName("java.lang.management.ThreadInfo").getMethod("getLockOwnerId")
                        .invoke(info);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
