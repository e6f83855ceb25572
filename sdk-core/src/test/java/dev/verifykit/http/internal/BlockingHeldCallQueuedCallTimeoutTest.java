package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HttpSettings.callTimeout: "Timeout of one attempt of a call, from start ... to the end of its
 * body; a long-poll adds its hold." A blocking held call without a RequestOptions.timeout
 * (retrieve(id, wait) with no options) is an execute() whose OkHttp call timeout starts at once: it
 * ends within callTimeout + hold whatever else is in flight. 2e70031 enqueued it on the wait
 * dispatcher, where OkHttp's call timeout starts only when a slot is given, with no deadline watch
 * when the call has no timeout of its own: queued behind a held call (a stream, another long-poll),
 * it waited for as long as that call held the slot, here until the test releases it (reverted; the
 * 30-s bound is against a hang, 15 times the 2-s limit, not a measure).
 */
class BlockingHeldCallQueuedCallTimeoutTest {
    private static final ApiRequest HELD = ApiRequest.get("GET /held", "held").withHold(Duration.ofSeconds(1));
    /** The slot's holder: a long-poll held for minutes (a stream's open holds its slot as long). */
    private static final ApiRequest HOLDER = ApiRequest.get("GET /holder", "holder").withHold(Duration.ofMinutes(5));

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch firstArrived = new CountDownLatch(1);
    private HttpTransport transport;

    @AfterEach
    void close() {
        release.countDown();
        if (transport != null) {
            transport.close();
        }
    }

    @Test
    void aQueuedBlockingHeldCallStillEndsWithinItsCallTimeoutAndHold() throws Exception {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                firstArrived.countDown();
                release.await(5, TimeUnit.MINUTES);
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        transport = new HttpTransport(Service.DOCK, HttpSettings.builder().baseUrl(server.url("/dock").toString())
                .maxConcurrentWaits(1).callTimeout(Duration.ofSeconds(1)).build(), "https://unused.example",
                Credentials.none(), ErrorMapper.byStatus());
        // the slot's holder: a stream open or a long-poll of a wait with a long timeout of its own
        transport.sendAsync(HOLDER, RequestOptions.none());
        assertThat(firstArrived.await(1, TimeUnit.MINUTES)).isTrue();

        CompletableFuture<Throwable> blocking = CompletableFuture.supplyAsync(
                () -> catchThrowable(() -> transport.send(HELD, RequestOptions.builder().maxRetries(0).build())));

        Throwable ended = catchThrowable(() -> blocking.get(30, TimeUnit.SECONDS));
        assertThat(ended).as("the blocking held call, queued, within callTimeout 1 s + hold 1 s").isNull();
        assertThat(blocking.get()).isInstanceOf(TransportException.class);
    }
}
