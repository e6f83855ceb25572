package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.http.HttpSettings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Which threads run waiting calls by default: virtual ones on Java 21+, the pool of daemon platform
 * threads before. Runs on whatever JDK runs the tests; to see both branches, run it on 17 and on
 * 21+ (e.g. {@code -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}).
 */
class WaitThreadsTest {
    private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private HttpTransport transport(HttpSettings.Builder settings) {
        return new HttpTransport(Service.DOCK, settings.baseUrl(server.url("/dock").toString()).build(),
                "https://unused.example", Credentials.none(), ErrorMapper.byStatus());
    }

    @Test
    void aWaitingCallRunsOnAVirtualThreadFromJava21AndOnAPooledPlatformThreadBefore() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        try (HttpTransport transport = transport(HttpSettings.builder())) {
            Thread thread = threadOfOneWaitingCall(transport);

            assertThat(thread.isDaemon()).isTrue();
            assertThat(isVirtual(thread)).isEqualTo(JAVA_21);
            assertThat(WaitThreads.virtual()).isEqualTo(JAVA_21);
            ExecutorService executor = transport.waitClient().dispatcher().executorService();
            // (OkHttp names the thread after the call while it runs one, so the name is read here.)
            assertThat(executor.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS))
                    .startsWith("verifykit-wait-");
            assertThat(executor instanceof ThreadPoolExecutor).as("the platform pool").isEqualTo(!JAVA_21);
            assertThat(transport.waitClient().dispatcher().getMaxRequests()).isEqualTo(JAVA_21 ? 16_384 : 4096);
        }
    }

    @Test
    void onJava21To23WaitsStayOnHttp1WhereOkHttpsHttp2StreamsWouldPinTheirCarrier() {
        int feature = Runtime.version().feature();
        boolean pinning = feature >= 21 && feature < 24;
        try (HttpTransport transport = transport(HttpSettings.builder())) {
            assertThat(WaitThreads.pinnedByMonitors()).isEqualTo(pinning);
            assertThat(transport.waitClient().protocols()).isEqualTo(pinning
                    ? List.of(Protocol.HTTP_1_1) : List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        }
        ExecutorService mine = Executors.newSingleThreadExecutor();
        try (HttpTransport transport = transport(HttpSettings.builder().waitExecutor(mine))) {
            assertThat(transport.waitClient().protocols()).as("the caller's executor: OkHttp's protocols")
                    .isEqualTo(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        } finally {
            mine.shutdown();
        }
    }

    @Test
    void aCallersExecutorIsUsedAsGivenAndKeepsTheFourThousandCap() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        ExecutorService mine = Executors.newSingleThreadExecutor(task -> new Thread(task, "callers-own"));
        try (HttpTransport transport = transport(HttpSettings.builder().waitExecutor(mine))) {
            Thread thread = threadOfOneWaitingCall(transport);
            assertThat(mine.submit(Thread::currentThread).get(10, TimeUnit.SECONDS)).isSameAs(thread);
            assertThat(transport.waitClient().dispatcher().getMaxRequests()).isEqualTo(4096);
        } finally {
            assertThat(mine.isShutdown()).as("the caller keeps ownership").isFalse();
            mine.shutdown();
        }
    }

    @Test
    void theOwnedExecutorIsShutDownOnClose() {
        HttpTransport transport = transport(HttpSettings.builder());
        ExecutorService executor = transport.waitClient().dispatcher().executorService();
        transport.close();
        assertThat(executor.isShutdown()).isTrue();
    }

    /** The thread OkHttp's wait dispatcher gives one call's callback. */
    private Thread threadOfOneWaitingCall(HttpTransport transport) throws Exception {
        CompletableFuture<Thread> seen = new CompletableFuture<>();
        transport.waitClient().newCall(new Request.Builder().url(server.url("/dock/x")).build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                seen.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
                seen.complete(Thread.currentThread());
            }
        });
        return seen.get(10, TimeUnit.SECONDS);
    }

    /** {@code Thread.isVirtual()}, a Java 21 method (the tests compile for 17). */
    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return JAVA_21 && (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
