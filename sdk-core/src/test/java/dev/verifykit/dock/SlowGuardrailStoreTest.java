package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that is slow to answer (a Redis under load, a network partition before its timeout)
 * holds up only the wait asking it: an asynchronous wait asks the store on the client's wait
 * threads, never on the caller's thread nor on the client's one timer thread, which times every
 * call and wait of the client.
 */
class SlowGuardrailStoreTest {
    private static final String SLOW = "vsn_SLOWslowSLOWslowSLOW01";
    private static final String FAST = "vsn_FASTfastFASTfastFAST01";
    /** How long the test waits for what must happen at once: far longer than any of it takes. */
    private static final long PATIENCE_SECONDS = 30;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final Stalling store = new Stalling(GuardrailStore.inMemory(Scheduler.system()));
    private DockClient dock;

    @AfterEach
    void close() {
        store.release.countDown();
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void aWaitWhoseStoreStallsHoldsUpNoOtherWaitAndNotItsCaller() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        server.enqueue(new MockResponse.Builder().code(503).build());
        server.enqueue(answer("expired"));

        AtomicReference<Thread> caller = new AtomicReference<>();
        CompletableFuture<DockSession> slow = Background.supply(() -> {
            caller.set(Thread.currentThread());
            return dock.sessions().awaitCompletionAsync(SLOW);
        }).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(store.entered.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the slow wait's second ask").isTrue();

        // the other wait's first long-poll fails with a 503: it is tried again after a backoff, on the client's timer
        DockSession other = dock.sessions().awaitCompletionAsync(FAST).get(PATIENCE_SECONDS, TimeUnit.SECONDS);

        assertThat(other.status().is(DockSessionStatus.EXPIRED)).isTrue();
        assertThat(store.askedOn).as("the store is asked on neither the caller's thread nor the timer's").hasSize(2)
                .doesNotContain(caller.get())
                .allSatisfy(thread -> assertThat(thread.getName()).doesNotStartWith("verifykit-timer"));
        assertThat(slow).as("still asking the store").isNotDone();
        assertThat(server.getRequestCount()).as("only the other wait's long-polls were sent").isEqualTo(2);
    }

    /**
     * A store whose backing service stalls: close() does not wait for it, and still tells it, before
     * returning, that the read the close ended is over, sent without waiting (1 ns left), so that a
     * store closed right after the client still gets it. Before, close() left the report to a wait
     * thread, and a store closed by then refused it (the read stayed in flight there until its lease
     * ended, holding the session from every other instance).
     */
    @Test
    void closingTheClientTellsTheStoreOfItsWaitsEndsWithoutWaitingForIt() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        store.stallArrivals = true;
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(PATIENCE_SECONDS * 2, TimeUnit.SECONDS)
                .body("{}").build());
        CompletableFuture<DockSession> held = dock.sessions().awaitCompletionAsync(SLOW);
        assertThat(server.takeRequest(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the long-poll, held").isNotNull();

        CompletableFuture<Void> closing = Background.run(dock::close);

        closing.get(PATIENCE_SECONDS, TimeUnit.SECONDS); // close() waited for no store answer
        assertThat(held).isCompletedExceptionally();
        assertThat(store.arrivalsTimeLeft).as("the read's end, told by close() itself, sent without waiting")
                .containsExactly(Duration.ofNanos(1));
    }

    /**
     * A blocking create and a blocking wait whose store calls stall end as soon as the client is
     * closed, with {@link WaitCancelledException}, sending nothing, and their threads are not left
     * interrupted. Before, each went on waiting for the store (a minute here; up to the command
     * timeout of a Redis store) after {@code close()} had returned.
     */
    @Test
    void closingTheClientEndsBlockingCallsStalledInTheStore() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        store.stallCreates = true;
        List<Boolean> leftInterrupted = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> create = failureOf(() -> dock.sessions().create(
                CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build()), leftInterrupted);
        CompletableFuture<Throwable> wait = failureOf(() -> dock.sessions().awaitCompletion(SLOW), leftInterrupted);
        assertThat(store.stalls.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("both stalled in the store").isTrue();

        dock.close();

        assertThat(create.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed");
        assertThat(wait.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed");
        assertThat(leftInterrupted).containsExactly(false, false);
        assertThat(server.getRequestCount()).as("nothing sent").isZero();
    }

    private static CompletableFuture<Throwable> failureOf(Runnable call, List<Boolean> leftInterrupted) {
        return Background.supply(() -> {
            try {
                call.run();
                return null;
            } catch (Throwable t) {
                return t;
            } finally {
                leftInterrupted.add(Thread.currentThread().isInterrupted());
            }
        });
    }

    private static MockResponse answer(String status) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":{\"id\":\"" + FAST + "\",\"pid\":\"PID-ABC12345\","
                        + "\"clientId\":\"user_123\",\"status\":\"" + status + "\",\"expiresAt\":\"2099-01-01T00:05:00.000Z\","
                        + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?sid=" + FAST + "\","
                        + "\"reusedExisting\":false},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"},"
                        + "\"timestamp\":\"2026-05-07T00:00:00.000Z\"}").build();
    }

    /**
     * The in-memory store, except that a read of {@link #SLOW} is told to ask again in 10 ms the
     * first time, and stalls the next time until {@link #release}; with {@link #stallArrivals}, it is
     * its read's end that stalls instead (unless sent after the client's close).
     */
    private static final class Stalling extends ForwardingGuardrailStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        /** Counted down by each stall (of a read or, with {@link #stallCreates}, a create). */
        final CountDownLatch stalls = new CountDownLatch(2);
        final List<Thread> askedOn = new CopyOnWriteArrayList<>();
        final List<Duration> arrivalsTimeLeft = new CopyOnWriteArrayList<>();
        volatile boolean stallArrivals;
        volatile boolean stallCreates;

        Stalling(GuardrailStore inner) {
            super(inner);
        }

        @Override
        public ReadStart startRead(String account, String sessionId, ReadRules rules) {
            if (SLOW.equals(sessionId)) {
                askedOn.add(Thread.currentThread());
            }
            if (SLOW.equals(sessionId) && !stallArrivals && askedOn.size() == 1) {
                return ReadStart.waitFor(Duration.ofMillis(10));
            }
            if (SLOW.equals(sessionId) && !stallArrivals) {
                stall();
            }
            return super.startRead(account, sessionId, rules);
        }

        @Override
        public Duration startCreate(String account, String createId, CreateRules rules) {
            if (stallCreates) {
                stall();
            }
            return super.startCreate(account, createId, rules);
        }

        /**
         * With {@link #stallArrivals}, a store whose service stalls: a report with time left waits
         * for it, one with 1 ns left (after the client's close) is sent without waiting.
         */
        @Override
        public void readArrived(String account, String sessionId, String readId, Duration ago, Duration timeLeft) {
            if (SLOW.equals(sessionId) && stallArrivals) {
                arrivalsTimeLeft.add(timeLeft);
                if (timeLeft.compareTo(Duration.ofNanos(1)) > 0) {
                    stall();
                }
            }
            super.readArrived(account, sessionId, readId, ago, timeLeft);
        }

        private void stall() {
            entered.countDown();
            stalls.countDown();
            try {
                release.await(PATIENCE_SECONDS * 2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
