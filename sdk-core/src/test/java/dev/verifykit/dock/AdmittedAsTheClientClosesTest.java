package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A read or create that a store of the caller's (Redis) let start just as the client closed is told
 * back to the store before {@code close()} returns. Before, the store's answer came back to the
 * asking thread after the close had looked for what to tell (a wait's permit, a create's close hook)
 * and found nothing; that thread told the store later, after {@code close()} had returned, and an
 * application closing its store right after the client had the report refused: the read (never
 * sent) held its session from every other instance for its lease (2 minutes by default), the
 * create's token was held as long, then counted.
 *
 * <p>The store here answers "started" once the close's interrupt reached it (an answer already on
 * its way), and holds that answer until the closing thread has either returned or is waiting for
 * it; from when {@code close()} returns the store refuses reports, as a closed one does.
 */
class AdmittedAsTheClientClosesTest {
    private static final String ID = "vsn_REVIEWreviewREVIEW0003";
    private static final long PATIENCE_SECONDS = 30;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final ClosingStore store = new ClosingStore(GuardrailStore.inMemory(Scheduler.system()));
    private DockClient dock;

    @AfterEach
    void close() {
        store.proceed.countDown();
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void aReadStartedAsTheClientClosesIsToldBeforeCloseReturns() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        CompletableFuture<DockSession> waiting = dock.sessions().awaitCompletionAsync(ID);

        closeAsTheStoreAnswers();

        assertThat(store.told).as("the store told of the read's end before close() returned (then refused)")
                .containsExactly("readArrived before close returned");
        assertThat(waiting).isCompletedExceptionally();
        assertThat(server.getRequestCount()).as("nothing sent").isZero();
    }

    @Test
    void aCreateStartedAsTheClientClosesIsToldBeforeCloseReturns() throws Exception {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).guardrailStore(store).build();
        CompletableFuture<Throwable> create = Background.supply(() -> {
            try {
                dock.sessions().create(RetryAfterObeyedTest.PARAMS);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });

        closeAsTheStoreAnswers();

        assertThat(create.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the create failed").isNotNull();
        assertThat(store.told).as("the store told of the create's end before close() returned (then refused)")
                .containsExactly("createUncounted before close returned");
        assertThat(server.getRequestCount()).as("nothing sent").isZero();
    }

    /**
     * Closes the client while the store is being asked, and lets the store answer once the closing
     * thread has returned or is waiting for that answer.
     */
    private void closeAsTheStoreAnswers() throws Exception {
        assertThat(store.asked.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the store asked").isTrue();
        AtomicReference<Thread> closing = new AtomicReference<>();
        CompletableFuture<Void> closed = Background.run(() -> {
            closing.set(Thread.currentThread());
            dock.close();
            store.closed = true; // the application closes its store right after the client
        });
        assertThat(store.interrupted.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the close interrupted the store call")
                .isTrue();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!closed.isDone() && !waitingForTheAnswer(closing.get())) {
            assertThat(System.nanoTime() - giveUp).as("close() returned or waits").isNegative();
            Thread.sleep(5); // polling the closing thread's state; no step depends on how long this is
        }
        store.proceed.countDown();
        closed.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean waitingForTheAnswer(Thread thread) {
        return thread != null && thread.getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getStackTrace())
                .anyMatch(frame -> frame.getMethodName().equals("awaitAdmissions"));
    }

    /** Answers "started" once interrupted (a close), when let; refuses reports once closed. */
    private static final class ClosingStore extends ForwardingGuardrailStore {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final List<String> told = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        ClosingStore(GuardrailStore inner) {
            super(inner);
        }

        @Override
        public ReadStart startRead(String account, String sessionId, ReadRules rules) {
            holdUntilClosed();
            return super.startRead(account, sessionId, rules);
        }

        @Override
        public Duration startCreate(String account, String createId, CreateRules rules) {
            holdUntilClosed();
            return super.startCreate(account, createId, rules);
        }

        private void holdUntilClosed() {
            if (asked.getCount() == 0) {
                return; // the first ask only
            }
            asked.countDown();
            try {
                new CountDownLatch(1).await(PATIENCE_SECONDS * 4, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown(); // the answer had come: it is given
            }
            try {
                proceed.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        void toldOfAnEnd(String report) {
            told.add(report + (closed ? " after close returned" : " before close returned"));
            if (closed) {
                throw new IllegalStateException("the store is closed");
            }
        }
    }
}
