package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md ("One rule, one place"): "a blocking wait runs its calls on the caller's thread". README
 * ("Your own OkHttpClient") keeps the application's interceptors for the SDK's calls; an interceptor
 * that reads the caller's thread context (a logging MDC, a security or tracing context in a
 * ThreadLocal) sees it for every blocking call. 2e70031 ran a blocking held call (a retrieve with a
 * wait, a blocking wait's long-poll) on a thread of the wait executor: the interceptor saw another
 * thread and none of the caller's context, while a retrieve without a wait still ran on the
 * caller's thread (reverted).
 */
class BlockingLongPollThreadTest {
    private static final ThreadLocal<String> CALLERS_CONTEXT = new ThreadLocal<>();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final OkHttpClient application = new OkHttpClient.Builder().addInterceptor(chain -> {
        seen.add(chain.request().url().encodedPath() + " context=" + CALLERS_CONTEXT.get());
        return chain.proceed(chain.request());
    }).build();
    private DockClient client;

    @AfterEach
    void close() {
        CALLERS_CONTEXT.remove();
        if (client != null) {
            client.close();
        }
        application.dispatcher().executorService().shutdown();
    }

    @Test
    void aBlockingReadWithAWaitRunsOnTheCallersThreadAsOneWithout() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(DockWireTest.COMPLETED).build());
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(DockWireTest.COMPLETED).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .okHttpClient(application).build();
        CALLERS_CONTEXT.set("request-42");

        client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
        client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", Duration.ofSeconds(5));

        assertThat(seen).as("the caller's context, as the application's interceptor saw it").hasSize(2)
                .allSatisfy(line -> assertThat(line).endsWith("context=request-42"));
    }
}
