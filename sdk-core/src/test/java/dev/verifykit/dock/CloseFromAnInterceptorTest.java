package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README: "{@code close()} is final ... the calls in flight are cancelled ... With a guardrail store
 * of your own, the report that a read or a create the close ended is over still reaches the store,
 * sent by {@code close()} itself" (before it returns: the application closes its store right after).
 * Here the close is called from inside an interceptor of the application's {@code OkHttpClient}, on
 * the very thread running the call it cuts (a blocking call's caller, or the dispatcher's thread of
 * an asynchronous wait), which then goes on down the chain: the request reaches no server, the call
 * ends as cut by the close, {@code close()} returns there (no deadlock on its own call), and the
 * store was told the read or create ended, uninterrupted, before {@code close()} returned.
 */
class CloseFromAnInterceptorTest {
    private static final String ID = "vsn_REVIEWreviewREVIEW0003";
    private static final long PATIENCE_SECONDS = 20;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final Recording store = new Recording(GuardrailStore.inMemory(Scheduler.system()));
    private final OkHttpClient given = new OkHttpClient();
    /** What the store had been told of ends when close() returned inside the interceptor. */
    private final List<String> toldWhenCloseReturned = new CopyOnWriteArrayList<>();
    private final CountDownLatch closeReturned = new CountDownLatch(1);
    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
        given.dispatcher().executorService().shutdown();
    }

    @Test
    void aBlockingReadIsNotSentAndItsEndIsToldBeforeCloseReturns() {
        dock = closingInItsInterceptor();
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build()); // answered, were it sent

        assertThatThrownBy(() -> dock.sessions().retrieve(ID)).isInstanceOfSatisfying(WaitCancelledException.class,
                cancelled -> assertThat(cancelled.clientClosed()).isTrue());

        assertThat(closeReturned.getCount()).as("close() returned in the interceptor").isZero();
        assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
        assertThat(toldWhenCloseReturned).as("the read's end, told by close() before it returned").containsExactly("readArrived");
    }

    @Test
    void anAsynchronousWaitsReadIsNotSentAndItsEndIsToldBeforeCloseReturns() throws Exception {
        dock = closingInItsInterceptor();
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(ID);

        assertThatThrownBy(() -> wait.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WaitCancelledException.class,
                        cancelled -> assertThat(cancelled.clientClosed()).isTrue());
        awaitCloseReturned();
        assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
        assertThat(toldWhenCloseReturned).as("the read's end, told by close() before it returned").containsExactly("readArrived");
    }

    @Test
    void aCreateIsNotSentAndItsTokensEndIsToldBeforeCloseReturns() {
        dock = closingInItsInterceptor();
        server.enqueue(new MockResponse.Builder().code(201).body("{}").build());

        assertThatThrownBy(() -> dock.sessions().create(RetryAfterObeyedTest.PARAMS))
                .isInstanceOf(ClientClosedException.class).hasMessageContaining("nothing was sent");

        assertThat(closeReturned.getCount()).as("close() returned in the interceptor").isZero();
        assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
        assertThat(toldWhenCloseReturned).as("the create's token given back or counted, by close() before it returned")
                .hasSize(1).first().isIn("createArrived", "createUncounted");
    }

    /** A client whose application interceptor closes it, then sends the request on. */
    private DockClient closingInItsInterceptor() {
        OkHttpClient closing = given.newBuilder().addInterceptor(chain -> {
            dock.close();
            toldWhenCloseReturned.addAll(store.ends);
            closeReturned.countDown();
            return chain.proceed(chain.request());
        }).build();
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .retryPolicy(RetryPolicy.none()).okHttpClient(closing).guardrailStore(store).build();
    }

    private void awaitCloseReturned() throws InterruptedException {
        // the wait's future ends inside close(), on the interceptor's thread, before close() returns there
        assertThat(closeReturned.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("close() returned in the interceptor").isTrue();
    }

    /** The in-memory store, noting the ends it is told (those told on an interrupted thread marked so: a Redis store drops them). */
    private static final class Recording extends ForwardingGuardrailStore {
        final List<String> ends = new CopyOnWriteArrayList<>();

        Recording(GuardrailStore inner) {
            super(inner);
        }

        @Override
        void toldOfAnEnd(String end) {
            ends.add(Thread.currentThread().isInterrupted() ? end + " (interrupted)" : end);
        }
    }
}
