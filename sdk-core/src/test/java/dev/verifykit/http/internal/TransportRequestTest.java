package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class TransportRequestTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private HttpTransport transport(Credentials credentials, HttpSettings.Builder settings) {
        return new HttpTransport(Service.DOCK, settings.baseUrl(server.url("/dock").toString()).build(),
                "https://unused.example", credentials, ErrorMapper.byStatus());
    }

    @Test
    void sendsBaseUrlPathQueryCredentialsAndUserAgent() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        try (HttpTransport transport = transport(Credentials.bearer(Secret.of("dock_test_free")), HttpSettings.builder())) {
            transport.send(ApiRequest.get("GET /v2/sessions/{id}", "v2", "sessions", "vsn_a/b").withQuery("wait", "25"),
                    RequestOptions.builder().header("X-Trace", "t1").build());
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/dock/v2/sessions/vsn_a%2Fb");
        assertThat(request.getUrl().queryParameter("wait")).isEqualTo("25");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer dock_test_free");
        assertThat(request.getHeaders().get("User-Agent"))
                .matches("verifykit-java/\\S+ Java/" + java.util.regex.Pattern.quote(System.getProperty("java.version")))
                .doesNotContain("unknown");
        assertThat(request.getHeaders().get("X-Trace")).isEqualTo("t1");
    }

    @Test
    void namedSecretHeaderIsSentAndCannotBeReplacedByExtraHeaders() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("true").build());
        try (HttpTransport transport = transport(Credentials.header("x-verification-secret", Secret.of("s3cret")), HttpSettings.builder())) {
            transport.send(ApiRequest.post("auth.completeVerification", "{}".getBytes(), "auth.completeVerification"),
                    RequestOptions.none());
            assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"),
                    RequestOptions.builder().header("X-Verification-Secret", "other").build()))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("headers"));
            assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"),
                    RequestOptions.builder().header("User-Agent", "me").build()))
                    .isInstanceOf(ValidationException.class);
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("x-verification-secret")).isEqualTo("s3cret");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anEmptyPostStillCarriesAJsonContentType() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        try (HttpTransport transport = transport(Credentials.none(), HttpSettings.builder())) {
            transport.send(ApiRequest.post("auth.beginVerification", null, "auth.beginVerification"), RequestOptions.none());
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getBodySize()).isZero();
    }

    @Test
    void asyncRetriesThroughTheScheduler() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).body("{}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.EPOCH);
        try (HttpTransport transport = transport(Credentials.none(), HttpSettings.builder().scheduler(time))) {
            ApiResponse response = transport.sendAsync(ApiRequest.get("GET /x", "x"), RequestOptions.none())
                    .get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.attempts()).isEqualTo(2);
        }
        assertThat(time.scheduledDelays()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void asyncFailureCompletesWithTheTypedException() {
        server.enqueue(new MockResponse.Builder().code(401).body("{}").build());
        try (HttpTransport transport = transport(Credentials.none(), HttpSettings.builder())) {
            CompletableFuture<ApiResponse> future = transport.sendAsync(ApiRequest.get("GET /x", "x"), RequestOptions.none());
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void cancellingAnAsyncCallCancelsTheCallInFlight() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                arrived.countDown();
                // a hang guard (the test releases it): at 10 s a test thread stalled that long before
                // its cancel saw the call answered, and the future completed instead of cancelled
                release.await(60, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        try (HttpTransport transport = transport(Credentials.none(), HttpSettings.builder())) {
            CompletableFuture<ApiResponse> future = transport.sendAsync(
                    ApiRequest.get("GET /x", "x").withHold(Duration.ofSeconds(25)), RequestOptions.none());
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.waitClient().dispatcher().runningCallsCount()).isEqualTo(1);

            future.cancel(true);

            awaitNoRunningCalls(transport);
            assertThat(future).isCancelled();
        } finally {
            release.countDown();
        }
    }

    @Test
    void manyConcurrentWaitsToOneHostAreAllInFlightAtOnce() throws Exception {
        int waits = 40;
        CountDownLatch allArrived = new CountDownLatch(waits);
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger current = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                peak.accumulateAndGet(current.incrementAndGet(), Math::max);
                allArrived.countDown();
                allArrived.await(20, TimeUnit.SECONDS);
                current.decrementAndGet();
                return new MockResponse.Builder().code(200).body("{}").build();
            }
        });
        try (HttpTransport transport = transport(Credentials.none(), HttpSettings.builder())) {
            List<CompletableFuture<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < waits; i++) {
                futures.add(transport.sendAsync(ApiRequest.get("GET /x", "x").withHold(Duration.ofSeconds(25)), RequestOptions.none()));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        }
        assertThat(peak.get()).isEqualTo(waits);
    }

    @Test
    void aCallersOkHttpClientIsDerivedFromAndLeftRunningOnCloseWhileWaitsHaveTheirOwnPool() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        OkHttpClient shared = new OkHttpClient.Builder().build();
        HttpTransport transport = transport(Credentials.none(), HttpSettings.builder().okHttpClient(shared));
        transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none());
        transport.close();

        assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
        assertThat(transport.waitClient().connectionPool()).isNotSameAs(shared.connectionPool());
        assertThat(transport.waitClient().dispatcher()).isNotSameAs(shared.dispatcher());
        assertThat(shared.connectionPool().connectionCount()).as("ordinary calls use the caller's pool").isEqualTo(1);
        assertThat(transport.waitClient().dispatcher().getMaxRequestsPerHost()).isEqualTo(WaitThreads.virtual() ? 16_384 : 4096);
        shared.dispatcher().executorService().shutdown();
    }

    @Test
    void closeReleasesAnOwnedClientsThreadsAndConnections() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        HttpTransport transport = transport(Credentials.none(), HttpSettings.builder());
        transport.sendAsync(ApiRequest.get("GET /x", "x"), RequestOptions.none()).get(10, TimeUnit.SECONDS);
        assertThat(transport.waitClient(ApiRequest.get("GET /x", "x")).connectionPool().connectionCount()).isEqualTo(1);
        transport.close();

        assertThat(transport.waitClient().dispatcher().executorService().isShutdown()).isTrue();
        assertThat(transport.waitClient(ApiRequest.get("GET /x", "x")).connectionPool().connectionCount()).isZero();
    }

    @Test
    void aRequestAfterCloseFailsAtOnceAndSendsNothing() {
        HttpTransport transport = transport(Credentials.none(), HttpSettings.builder().retryPolicy(RetryPolicy.none()));
        transport.close();
        assertThatThrownBy(() -> transport.sendAsync(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(dev.verifykit.error.ClientClosedException.class);
        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(dev.verifykit.error.ClientClosedException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * What a call carries to the interceptors (its send limit, its own read timeout) is kept by
     * the transport only while the call is in flight: after a blocking call returned or threw, an
     * asynchronous call's callback ran, or a call dropped unsent, nothing of it is left, so a
     * client that sends for months keeps no more than its calls in flight (a stream's open call:
     * {@code StreamMarksTest}).
     */
    @Test
    void theTransportKeepsWhatACallCarriesOnlyWhileTheCallIsInFlight() throws Exception {
        try (HttpTransport transport = transport(Credentials.none(), HttpSettings.builder().retryPolicy(RetryPolicy.none()))) {
            ApiRequest read = ApiRequest.get("GET /x", "x");
            server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
            transport.send(read, RequestOptions.none());
            assertThat(transport.markedCalls()).as("after a blocking call").isZero();

            server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
            assertThatThrownBy(() -> transport.send(read, RequestOptions.none())).isInstanceOf(TransportException.class);
            assertThat(transport.markedCalls()).as("after a blocking call that failed").isZero();

            server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
            transport.sendAsync(read, RequestOptions.none()).get(30, TimeUnit.SECONDS);
            awaitNoRunningCalls(transport);
            assertThat(transport.markedCalls()).as("after an asynchronous call").isZero();

            server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(30, TimeUnit.SECONDS).build());
            CompletableFuture<ApiResponse> held = transport.sendAsync(read.withHold(Duration.ofSeconds(25)), RequestOptions.none());
            assertThat(server.takeRequest(30, TimeUnit.SECONDS)).as("the held call reached the server").isNotNull();
            assertThat(transport.markedCalls()).as("while a held call is in flight").isEqualTo(1);
            held.cancel(true);
            awaitNoRunningCalls(transport);
            assertThat(transport.markedCalls()).as("after a held call was cancelled").isZero();

        }
    }

    private static void awaitNoRunningCalls(HttpTransport transport) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a bound against a hang, not a measure
        while (transport.waitClient().dispatcher().runningCallsCount() > 0 && System.nanoTime() < giveUp) {
            Thread.sleep(10);
        }
        assertThat(transport.waitClient().dispatcher().runningCallsCount()).isZero();
    }
}
