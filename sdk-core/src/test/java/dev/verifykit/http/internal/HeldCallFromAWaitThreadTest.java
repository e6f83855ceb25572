package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.Service;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stage chained on an asynchronous call runs on the wait dispatcher's thread while OkHttp still
 * counts that call in its slot (README: "a stage holds that thread while it runs"). A blocking held
 * call made there (a retrieve with a wait, a blocking wait's long-poll) runs on that thread with
 * execute(): it holds the thread, and works. 2e70031 enqueued it on the same dispatcher, the thread
 * waiting for it: with every slot taken by the very call whose stage waits (here
 * maxConcurrentWaits(1)), or every thread of a caller's waitExecutor busy (here a single thread),
 * it could never start, and failed at its timeout as "waited for a free slot; nothing was sent"
 * (reverted). The server answers at once; nothing here races time: the failure was a self-deadlock
 * cut by the call's own timeout. That timeout only bounds the deadlock: at 2 s, a loaded machine
 * that stalled the call (or the server's thread) for 2 s failed a working call as timed out.
 */
class HeldCallFromAWaitThreadTest {
    private static final ApiRequest HELD = ApiRequest.get("GET /held", "held").withHold(Duration.ofSeconds(1));
    private static final RequestOptions BOUNDED = RequestOptions.builder().timeout(Duration.ofSeconds(30)).maxRetries(0).build();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private HttpTransport transport;
    private ExecutorService executor;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void answerAtOnce() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
    }

    @Test
    void aHeldCallFromAStageOfAnAsyncCallIsSentWithOneSlot() throws Exception {
        answerAtOnce();
        transport = new HttpTransport(Service.DOCK, HttpSettings.builder().baseUrl(server.url("/dock").toString())
                .maxConcurrentWaits(1).build(), "https://unused.example", Credentials.none(), ErrorMapper.byStatus());

        CompletableFuture<Object> nested = transport.sendAsync(HELD, RequestOptions.none())
                .thenApply(first -> (Object) catchThrowable(() -> transport.send(HELD, BOUNDED)));

        assertThat(nested.get(1, TimeUnit.MINUTES)).as("the blocking held call made in the stage").isNull();
    }

    @Test
    void aHeldCallFromAStageIsSentOnACallersOneThreadWaitExecutor() throws Exception {
        answerAtOnce();
        executor = Executors.newSingleThreadExecutor();
        transport = new HttpTransport(Service.DOCK, HttpSettings.builder().baseUrl(server.url("/dock").toString())
                .waitExecutor(executor).build(), "https://unused.example", Credentials.none(), ErrorMapper.byStatus());

        CompletableFuture<Object> nested = transport.sendAsync(HELD, RequestOptions.none())
                .thenApply(first -> (Object) catchThrowable(() -> transport.send(HELD, BOUNDED)));

        assertThat(nested.get(1, TimeUnit.MINUTES)).as("the blocking held call made in the stage").isNull();
    }
}
