package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HttpSettings.maxConcurrentWaits}: "How many waiting calls may be in flight at once, to one
 * host or in all … More wait in a queue for a free slot" (RELIABILITY.md, Bounds: "waiting calls in
 * flight … queued by the wait dispatcher until one ends"). An asynchronous wait's long-poll keeps it;
 * a blocking {@code awaitCompletion}'s long-poll is an OkHttp {@code execute()} on the wait client,
 * and OkHttp's dispatcher limits only enqueued calls, so blocking waits are not limited at all: with
 * {@code maxConcurrentWaits(1)}, a second blocking wait's long-poll is held beside the first.
 *
 * <p>What decides is which comes first for the second long-poll: OkHttp's event that it waits in the
 * dispatcher's queue ({@code EventListener.dispatcherQueueStart}, of the application's own client),
 * or its arrival at the server. Either comes, so the test waits for one of them, not for time to pass
 * (it waited 10 s for no arrival, which a slow machine could pass with the defect, and the defect
 * held the second long-poll without a queue event at all).
 */
class BlockingWaitsConcurrencyLimitTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final CountDownLatch first = new CountDownLatch(1);
    /** The second long-poll arrived at the server, or was queued for a free slot. */
    private final CountDownLatch second = new CountDownLatch(1);
    private final AtomicInteger queued = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** The application's client, whose events the SDK's clients derived from it keep. */
    private final OkHttpClient application = new OkHttpClient.Builder().eventListener(new EventListener() {
        @Override
        public void dispatcherQueueStart(Call call, okhttp3.Dispatcher dispatcher) {
            queued.incrementAndGet();
            second.countDown();
        }
    }).build();
    private DockClient client;

    @AfterEach
    void close() {
        release.countDown();
        if (client != null) {
            client.close();
        }
        threads.shutdownNow();
        application.dispatcher().executorService().shutdown();
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {true, false})
    void aSecondWaitQueuesBehindTheOneSlotOfMaxConcurrentWaits(boolean blocking) throws Exception {
        // Dock holds every long-poll (until the test ends)
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                arrived.add(request.getUrl().encodedPath());
                if (arrived.size() > 1) {
                    second.countDown();
                }
                first.countDown();
                release.await(5, TimeUnit.MINUTES);
                return new MockResponse.Builder().code(503).build();
            }
        });
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .okHttpClient(application).maxConcurrentWaits(1).build();
        WaitOptions options = WaitOptions.builder().timeout(Duration.ofMinutes(2)).build();

        start(blocking, "vsn_A1b2C3d4E5f6G7h8J9k0L1", options);
        assertThat(first.await(1, TimeUnit.MINUTES)).as("the first wait's long-poll is held").isTrue();
        start(blocking, "vsn_B1b2C3d4E5f6G7h8J9k0L1", options);

        // the one slot is taken for minutes: the second long-poll must wait for it, not reach the server
        assertThat(second.await(1, TimeUnit.MINUTES)).as("the second long-poll queued or arrived").isTrue();
        assertThat(arrived).as("a second long-poll held beside the first").hasSize(1);
        assertThat(queued).as("the second long-poll waits for the slot").hasValue(1);
    }

    private void start(boolean blocking, String sessionId, WaitOptions options) {
        if (blocking) {
            threads.execute(() -> {
                try {
                    client.sessions().awaitCompletion(sessionId, options);
                } catch (RuntimeException ended) {
                    // ended by the close at the end of the test
                }
            });
        } else {
            client.sessions().awaitCompletionAsync(sessionId, options);
        }
    }
}
