package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking held call (a blocking wait's long-poll, a read with a wait) takes a slot of
 * {@code maxConcurrentWaits} in the same count as the asynchronous calls: it is enqueued on the wait
 * dispatcher and its thread waits for its end. Here the one slot is held by an asynchronous
 * long-poll that the server answers only when the test says, so the blocking one stays queued for as
 * long as the test needs; each test ends with the queue drained and nothing of the calls left (no
 * slot, no mark), whatever ended the queued call.
 */
class BlockingHeldCallSlotTest {
    private static final ApiRequest HELD = ApiRequest.get("GET /held", "held").withHold(Duration.ofSeconds(25));

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private HttpTransport transport;
    private CompletableFuture<ApiResponse> first;

    @BeforeEach
    void holdTheOneSlot() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                arrived.add(request.getUrl().encodedPath());
                firstArrived.countDown();
                release.await(5, TimeUnit.MINUTES);
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        transport = new HttpTransport(Service.DOCK, HttpSettings.builder().baseUrl(server.url("/dock").toString())
                .maxConcurrentWaits(1).build(), "https://unused.example", Credentials.none(), ErrorMapper.byStatus());
        first = transport.sendAsync(HELD, RequestOptions.none());
        assertThat(firstArrived.await(1, TimeUnit.MINUTES)).as("the first held call has the slot").isTrue();
    }

    @AfterEach
    void close() {
        release.countDown();
        transport.close();
    }

    @Test
    void aBlockingHeldCallWaitsForTheSlotAndIsSentWhenItFrees() throws Exception {
        CompletableFuture<ApiResponse> second = CompletableFuture.supplyAsync(() -> transport.send(HELD, RequestOptions.none()));
        awaitQueued(1);
        assertThat(arrived).as("queued, not sent").hasSize(1);

        release.countDown();

        assertThat(second.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
        assertThat(first.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
        assertThat(arrived).hasSize(2);
        assertNothingLeft();
    }

    @Test
    void aHeldCallWhoseTimeoutPassesWhileItWaitsForTheSlotFailsUnsentBlockingOrNot() throws Exception {
        // the slot stays held until the test releases it: however slow the machine, the timeouts pass in the queue
        RequestOptions oneSecond = RequestOptions.builder().timeout(Duration.ofSeconds(1)).maxRetries(0).build();
        CompletableFuture<Throwable> blocking = CompletableFuture.supplyAsync(() -> catchThrowable(() -> transport.send(HELD, oneSecond)));
        CompletableFuture<ApiResponse> async = transport.sendAsync(HELD, oneSecond);

        assertThat(blocking.get(1, TimeUnit.MINUTES)).isInstanceOfSatisfying(TransportException.class, e -> assertThat(e)
                .hasMessage("dock: GET /held timed out: its timeout passed while it waited for a free slot of"
                        + " maxConcurrentWaits; nothing was sent"));
        Throwable asyncFailure = catchThrowable(() -> async.get(1, TimeUnit.MINUTES));
        assertThat(asyncFailure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TransportException.class)
                .hasMessageContaining("while it waited for a free slot of maxConcurrentWaits; nothing was sent");
        assertThat(arrived).hasSize(1);

        release.countDown();
        assertThat(first.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
        assertNothingLeft();
        assertThat(arrived).as("the calls that timed out in the queue were never sent").hasSize(1);
    }

    @Test
    void closeEndsABlockingHeldCallWaitingForTheSlot() throws Exception {
        CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(
                () -> catchThrowable(() -> transport.send(HELD, RequestOptions.none())));
        awaitQueued(1);

        transport.close();

        assertThat(second.get(1, TimeUnit.MINUTES)).isInstanceOf(TransportException.class).hasMessageContaining("was cancelled");
        release.countDown();
        assertNothingLeft();
        assertThat(arrived).hasSize(1);
    }

    /** {@code cancelWaits()} ends a wait's blocking held call waiting for the slot, and leaves a single call's alone. */
    @Test
    void cancelWaitsEndsAWaitsBlockingHeldCallWaitingForTheSlot() throws Exception {
        CompletableFuture<Throwable> ofAWait = CompletableFuture.supplyAsync(
                () -> catchThrowable(() -> transport.sendInWait(HELD, RequestOptions.none(), 0, Function.identity())));
        awaitQueued(1);
        CompletableFuture<ApiResponse> single = CompletableFuture.supplyAsync(() -> transport.send(HELD, RequestOptions.none()));
        awaitQueued(2);

        transport.lifecycle().cancelWaits();

        assertThat(ofAWait.get(1, TimeUnit.MINUTES)).isInstanceOf(TransportException.class).hasMessageContaining("was cancelled");
        assertThat(single).as("a single call goes on").isNotDone();
        release.countDown();
        assertThat(single.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
        assertNothingLeft();
        assertThat(arrived).hasSize(2);
    }

    @Test
    void anInterruptEndsABlockingHeldCallWaitingForTheSlotAndKeepsTheFlag() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                thrown.complete(catchThrowable(() -> transport.send(HELD, RequestOptions.none())));
            } finally {
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        awaitQueued(1);

        caller.interrupt();

        assertThat(thrown.get(1, TimeUnit.MINUTES)).isInstanceOf(TransportException.class).hasMessageContaining("was interrupted");
        caller.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(flagKept).as("the interrupt flag is kept").isTrue();
        release.countDown();
        assertNothingLeft();
        assertThat(arrived).hasSize(1);
    }

    /** Until {@code calls} wait in the dispatcher's queue; a bound against a hang, not a measure. */
    private void awaitQueued(int calls) throws InterruptedException {
        okhttp3.Dispatcher dispatcher = transport.waitClient().dispatcher();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (dispatcher.queuedCallsCount() < calls && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        assertThat(dispatcher.queuedCallsCount()).as("calls waiting for the slot").isEqualTo(calls);
    }

    /**
     * Every call has ended and given its slot back, queued ones included (OkHttp runs a cancelled
     * queued call, which fails at once, when a slot frees), and the transport keeps no mark of any.
     */
    private void assertNothingLeft() throws InterruptedException {
        okhttp3.Dispatcher dispatcher = transport.waitClient().dispatcher();
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); // a bound against a hang, not a measure
        while ((dispatcher.runningCallsCount() > 0 || dispatcher.queuedCallsCount() > 0 || transport.markedCalls() > 0)
                && System.nanoTime() < giveUp) {
            Thread.sleep(5);
        }
        assertThat(dispatcher.runningCallsCount()).as("slots taken").isZero();
        assertThat(dispatcher.queuedCallsCount()).as("calls queued").isZero();
        assertThat(transport.markedCalls()).as("marks kept").isZero();
    }
}
