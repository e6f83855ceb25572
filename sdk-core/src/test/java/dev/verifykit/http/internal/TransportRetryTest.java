package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntConsumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okio.Buffer;
import okio.BufferedSink;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportRetryTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<HttpTransport> transports = new ArrayList<>();

    @AfterEach
    void close() {
        transports.forEach(HttpTransport::close);
    }

    private HttpTransport transport(RetryPolicy policy) {
        return transport(HttpSettings.builder().retryPolicy(policy));
    }

    private HttpTransport transport(HttpSettings.Builder builder) {
        HttpSettings settings = builder
                .baseUrl(server.url("/dock").toString())
                .scheduler(time)
                .readTimeout(Duration.ofSeconds(5))
                .build();
        HttpTransport transport = new HttpTransport(Service.DOCK, settings, "https://unused.example",
                Credentials.bearer(Secret.of("dock_test_free")), ErrorMapper.byStatus());
        transports.add(transport);
        return transport;
    }

    /** Jitter that always draws the top of its range, so waits are exact. */
    private static RetryPolicy.Builder maxJitter() {
        return RetryPolicy.builder().random(new Random() {
            @Override
            public double nextDouble() {
                return 0.999999999;
            }
        });
    }

    /** Jitter that always draws the bottom of its range: a wait is the hint itself, a backoff none. */
    private static RetryPolicy.Builder noJitter() {
        return RetryPolicy.builder().random(new Random() {
            @Override
            public double nextDouble() {
                return 0;
            }
        });
    }

    /** An attempt guard that tells what it was told, and runs {@code before} before each attempt. */
    private static final class Guard implements AttemptGuard {
        final List<String> told = new CopyOnWriteArrayList<>();
        private final IntConsumer before;
        /** The time each attempt may leave by, on the scheduler's clock. */
        long sendBy = Long.MAX_VALUE;

        Guard(IntConsumer before) {
            this.before = before;
        }

        @Override
        public long beforeAttempt(int attempt, long deadline, CallTrace trace) {
            told.add("before " + attempt);
            before.accept(attempt);
            return sendBy;
        }

        @Override
        public void attemptFailed(int attempt, VerifyKitException failure) {
            told.add("failed " + attempt + ": " + failure.getClass().getSimpleName());
        }

        @Override
        public void notSent(int attempt) {
            told.add("not sent " + attempt);
        }
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("{}").build();
    }

    @Test
    void retriesTwo503sThenSucceedsWithExponentialBackoffFromTheScheduler() {
        server.enqueue(status(503));
        server.enqueue(status(503));
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());

        ApiResponse response = transport(maxJitter().build()).send(ApiRequest.get("GET /v2/x", "v2", "x"), RequestOptions.none());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.attempts()).isEqualTo(3);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
    }

    @Test
    void gives503BackAsServerExceptionWhenRetriesRunOut() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(503));
        }

        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("HTTP 503");
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void retryAfterInSecondsIsWaitedInVirtualTime() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3").body("{}").build());
        server.enqueue(status(200));

        transport(RetryPolicy.builder().random(new Random(1)).build()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none());

        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3500));
    }

    @Test
    void retryAfterAsHttpDateIsWaitedUntilThatDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(7).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", date).body("{}").build());
        server.enqueue(status(200));

        transport(RetryPolicy.builder().random(new Random(1)).build()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none());

        assertThat(time.sleeps().get(0)).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7500));
    }

    @Test
    void retryAfterLongerThanTheCapEndsTheCallWithTheHint() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").body("{}").build());
        server.enqueue(status(200));

        // before: retried after the cap (10 s), sure to be refused again
        assertThatThrownBy(() -> transport(RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).random(new Random(1))
                .build()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofHours(1)));

        assertThat(time.sleeps()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retryAfterUpToTheCapIsObeyed() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "10").body("{}").build());
        server.enqueue(status(200));

        transport(RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).random(new Random(1)).build())
                .send(ApiRequest.get("GET /x", "x"), RequestOptions.none());

        assertThat(time.sleeps().get(0)).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_500));
    }

    @Test
    void rateLimitWithoutRetriesLeftCarriesTheRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "4").setHeader("X-Request-Id", "req_9").body("{}").build());

        assertThatThrownBy(() -> transport(RetryPolicy.none()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
                    assertThat(e.requestId()).contains("req_9");
                    assertThat(e.httpStatus()).isEqualTo(429);
                });
    }

    @Test
    void postWithoutIdempotencyKeyIsNotRetried() {
        server.enqueue(status(503));
        server.enqueue(status(200));

        ApiRequest post = ApiRequest.post("POST /v2/sessions", "{}".getBytes(StandardCharsets.UTF_8), "v2", "sessions");
        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(post, RequestOptions.none()))
                .isInstanceOf(ServerException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void postWithIdempotencyKeySendsTheSameKeyOnEveryAttempt() throws Exception {
        server.enqueue(status(500));
        server.enqueue(status(502));
        server.enqueue(status(200));
        IdempotencyKey key = IdempotencyKey.random();

        ApiRequest post = ApiRequest.post("POST /v2/sessions", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "v2", "sessions")
                .withIdempotencyKey(key);
        transport(RetryPolicy.defaults()).send(post, RequestOptions.none());

        assertThat(server.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            RecordedRequest recorded = server.takeRequest();
            assertThat(recorded.getHeaders().get("Idempotency-Key")).isEqualTo(key.value());
            assertThat(recorded.getBody().utf8()).isEqualTo("{\"a\":1}");
        }
    }

    // OkHttp left to itself sends a request again on a 408, on a 503 with Retry-After: 0, and when a
    // reused connection fails after the request was written; each case below was sent twice (or
    // more) before the transport turned that off (SingleSends).

    @Test
    void a503WithRetryAfterZeroIsSentOnceWhenTheAttemptIsNotRetried() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("{}").build());
        server.enqueue(status(200));

        ApiRequest post = ApiRequest.post("POST /v1/verify/session", "{}".getBytes(StandardCharsets.UTF_8), "v1", "verify", "session");
        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(post, RequestOptions.none()))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.retryAfter()).contains(Duration.ZERO));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a408IsSentOnceWhenTheAttemptIsNotRetried() {
        server.enqueue(status(408));
        server.enqueue(status(200));

        ApiRequest post = ApiRequest.post("POST /v1/verify/session", "{}".getBytes(StandardCharsets.UTF_8), "v1", "verify", "session");
        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(post, RequestOptions.none()))
                .isInstanceOf(dev.verifykit.error.ApiException.class)
                .hasMessageContaining("HTTP 408");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aReadAnswered503WithRetryAfterZeroIsSentAgainOnlyByTheRetryPolicy() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("{}").build());
        server.enqueue(status(200));

        assertThatThrownBy(() -> transport(RetryPolicy.none()).send(ApiRequest.get("GET /v2/sessions/x", "v2", "sessions", "x"),
                RequestOptions.none())).isInstanceOf(ServerException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aReadAnswered503WithRetryAfterZeroIsRetriedByThePolicy() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "0").body("{}").build());
        server.enqueue(status(200));

        ApiResponse retried = transport(RetryPolicy.defaults()).send(ApiRequest.get("GET /v2/sessions/x", "v2", "sessions", "x"),
                RequestOptions.none());
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).hasSize(1);
    }

    @Test
    void aWriteWhoseReusedConnectionDropsAfterTheRequestIsNotSentAgain() {
        server.enqueue(status(200));
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
        server.enqueue(status(200));
        HttpTransport transport = transport(RetryPolicy.defaults());
        ApiRequest post = ApiRequest.post("POST /v1/verify/session", "{}".getBytes(StandardCharsets.UTF_8), "v1", "verify", "session");
        transport.send(post, RequestOptions.none()); // leaves a pooled connection

        assertThatThrownBy(() -> transport.send(post, RequestOptions.none())).isInstanceOf(TransportException.class);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aWriteWhoseHttp2StreamWasRefusedIsSentAgainButNotOneWhoseStreamWasReset() throws Exception {
        try (MockWebServer h2 = new MockWebServer()) {
            h2.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
            h2.start();
            h2.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseStream(7)).build()); // REFUSED_STREAM
            h2.enqueue(status(200));
            h2.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseStream(2)).build()); // INTERNAL_ERROR
            h2.enqueue(status(200));
            HttpSettings settings = HttpSettings.builder().baseUrl(h2.url("/").toString()).scheduler(time)
                    .okHttpClient(new OkHttpClient.Builder().protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).build())
                    .build();
            HttpTransport transport = new HttpTransport(Service.DOKAI, settings, "https://unused.example",
                    Credentials.none(), ErrorMapper.byStatus());
            transports.add(transport);
            ApiRequest post = ApiRequest.post("POST /v1/verify/session", "{}".getBytes(StandardCharsets.UTF_8), "v1", "verify", "session");

            assertThat(transport.send(post, RequestOptions.none()).attempts()).isEqualTo(2);
            // sent again, it would have had the 200 queued behind the reset
            assertThatThrownBy(() -> transport.send(post, RequestOptions.none()))
                    .isInstanceOf(TransportException.class).hasMessageContaining("INTERNAL_ERROR");
        }
    }

    @Test
    void aRetryAfterTooLargeForAnIntOnA503IsReadAsAHintNotAnOkHttpCrash() {
        // OkHttp's own follow-up step parsed it with Integer.valueOf: a NumberFormatException.
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "99999999999").body("{}").build());

        assertThatThrownBy(() -> transport(RetryPolicy.none()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.retryAfter()).isPresent());
    }

    @Test
    void readOnlyPostIsRetried() {
        server.enqueue(status(503));
        server.enqueue(status(200));

        ApiRequest check = ApiRequest.post("auth.checkVerification", "{}".getBytes(StandardCharsets.UTF_8), "auth.checkVerification")
                .asReadOnly();
        assertThat(transport(RetryPolicy.defaults()).send(check, RequestOptions.none()).status()).isEqualTo(200);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void connectionResetBeforeTheResponseIsRetried() {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, true, true)).build());
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, true, true)).build());
        server.enqueue(status(200));

        ApiResponse response = transport(RetryPolicy.builder().maxRetries(3).build())
                .send(ApiRequest.get("GET /x", "x"), RequestOptions.none());

        assertThat(response.status()).isEqualTo(200);
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void resetMidBodyBecomesTransportExceptionWithTheRequestId() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(200).setHeader("X-Request-Id", "req_mid")
                    .body("{\"data\":\"" + "x".repeat(100_000) + "\"}")
                    .onResponseBody(new SocketEffect.CloseSocket(true, true, true)).build());
        }

        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.requestId()).contains("req_mid");
                    assertThat(e.service()).contains(Service.DOCK);
                });
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void readTimeoutBecomesTransportException() {
        server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(3, java.util.concurrent.TimeUnit.SECONDS).build());
        HttpSettings settings = HttpSettings.builder()
                .baseUrl(server.url("/").toString())
                .scheduler(time)
                .retryPolicy(RetryPolicy.none())
                .readTimeout(Duration.ofMillis(200))
                .build();
        HttpTransport transport = new HttpTransport(Service.DOKAI, settings, "https://unused.example",
                Credentials.none(), ErrorMapper.byStatus());
        transports.add(transport);

        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("dokai: GET /x failed")
                .hasMessageContaining("SocketTimeoutException");
    }

    @Test
    void connectionRefusedIsRetriedEvenForAPostAndEndsAsTransportException() throws Exception {
        MockWebServer closed = new MockWebServer();
        closed.start();
        String url = closed.url("/").toString();
        closed.close();
        HttpSettings settings = HttpSettings.builder().baseUrl(url).scheduler(time).build();
        HttpTransport transport = new HttpTransport(Service.ROBLOX, settings, "https://unused.example",
                Credentials.none(), ErrorMapper.byStatus());
        transports.add(transport);

        ApiRequest post = ApiRequest.post("auth.beginVerification", new byte[0], "auth.beginVerification");
        assertThatThrownBy(() -> transport.send(post, RequestOptions.none()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("roblox: auth.beginVerification failed");
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void malformedJsonIn200BecomesMalformedResponseWithTheRequestId() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("X-Request-Id", "req_bad").body("{\"status\": 200, ").build());
        HttpTransport transport = transport(RetryPolicy.defaults());
        ApiResponse response = transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none());

        assertThatThrownBy(() -> transport.decode(response, dev.verifykit.json.internal.JsonCodec.adapter(java.util.Map.class)))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> {
                    assertThat(e.requestId()).contains("req_bad");
                    assertThat(e.httpStatus()).isEqualTo(200);
                });
    }

    @Test
    void htmlBadGatewayPageBecomesServerException() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                    .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
        }

        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(502));
    }

    @Test
    void bodyLargerThanTheMaximumIsMalformedAndNotRetried() {
        server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(5000)).build());
        HttpTransport transport = transportReadingAtMost(4096);

        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("larger than 4096 bytes");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    private HttpTransport transportReadingAtMost(long maxResponseBytes) {
        HttpSettings settings = HttpSettings.builder().baseUrl(server.url("/").toString()).scheduler(time)
                .readTimeout(Duration.ofSeconds(5)).maxResponseBytes(maxResponseBytes).build();
        HttpTransport transport = new HttpTransport(Service.DOCK, settings, "https://unused.example",
                Credentials.none(), ErrorMapper.byStatus());
        transports.add(transport);
        return transport;
    }

    @Test
    void aBodyDeclaredLargerThanTheMaximumIsRefusedBeforeItIsRead() {
        // 8 KiB declared and trickled a byte a second: the limit is known from the head
        server.enqueue(new MockResponse.Builder().code(200).body("x".repeat(8192))
                .throttleBody(1, 1, java.util.concurrent.TimeUnit.SECONDS).build());
        HttpTransport transport = transportReadingAtMost(4096);

        // before: it read a byte a second (the read timeout never fires while bytes come) until the test timed out
        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("declared a body of 8192 bytes, larger than 4096 bytes");
        assertThat(server.getRequestCount()).as("not retried").isEqualTo(1);
    }

    @Test
    void aCompressedBodyIsBoundedAfterDecompressingNotBefore() throws Exception {
        // 64 MiB of zeros in about 64 KiB of gzip: a server that compresses well, or a hostile one
        Buffer compressed = new Buffer();
        try (BufferedSink gzip = Okio.buffer(new GzipSink(compressed))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        assertThat(compressed.size()).as("well under the limit as sent").isLessThan(1 << 18);
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Encoding", "gzip").body(compressed).build());
        HttpTransport transport = transportReadingAtMost(1 << 20);

        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("answered with a body larger than 1048576 bytes");
        assertThat(server.takeRequest().getHeaders().get("Accept-Encoding")).as("OkHttp's transparent gzip")
                .isEqualTo("gzip");
    }

    @Test
    void perCallMaxRetriesOverridesThePolicy() {
        server.enqueue(status(503));
        server.enqueue(status(200));

        assertThatThrownBy(() -> transport(RetryPolicy.defaults())
                .send(ApiRequest.get("GET /x", "x"), RequestOptions.builder().maxRetries(0).build()))
                .isInstanceOf(ServerException.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void overallTimeoutStopsRetryingWhenTheNextWaitWouldPassIt() {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "20").body("{}").build());
        server.enqueue(status(200));

        assertThatThrownBy(() -> transport(RetryPolicy.defaults())
                .send(ApiRequest.get("GET /x", "x"), RequestOptions.builder().timeout(Duration.ofSeconds(10)).build()))
                .isInstanceOf(ServerException.class);
        assertThat(time.sleeps()).isEmpty();
    }

    /**
     * A retry is made only when its wait ends before the call's timeout: one that would start just as the
     * timeout passes would not be sent, so the call fails at once rather than sleep the rest of its time
     * for nothing, whatever the scheduler's clock reads (here an hour in).
     */
    @Test
    void aRetryWhoseWaitWouldEndJustAsTheTimeoutPassesIsNotWaitedFor() {
        time.advance(Duration.ofHours(1));
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "3").body("{}").build());
        server.enqueue(status(200));

        assertThatThrownBy(() -> transport(noJitter().build())
                .send(ApiRequest.get("GET /x", "x"), RequestOptions.builder().timeout(Duration.ofSeconds(3)).build()))
                .isInstanceOf(ServerException.class);
        assertThat(time.sleeps()).isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /**
     * An attempt whose guard's wait took what was left of the call's timeout is not sent: the call fails
     * saying nothing was sent, and the guard is told the attempt was not sent (not that it failed).
     */
    @Test
    void anAttemptWhoseGuardTookTheCallsTimeLeftIsNotSent() {
        server.enqueue(status(200));
        Guard guard = new Guard(attempt -> time.advance(Duration.ofSeconds(2))); // a create bucket's wait

        assertThatThrownBy(() -> transport(RetryPolicy.defaults()).send(ApiRequest.get("GET /x", "x"),
                RequestOptions.builder().timeout(Duration.ofSeconds(2)).build(), guard, Function.identity()))
                .isInstanceOf(TransportException.class)
                .hasMessageEndingWith("its timeout passed before it was sent; nothing was sent");
        assertThat(guard.told).containsExactly("before 1", "not sent 1");
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * A guard that throws before a retry sends nothing more: the call fails with the failure of the
     * attempt before, what the guard threw added to it as suppressed (AttemptGuard's Javadoc).
     */
    @Test
    void aGuardThatThrowsBeforeARetryEndsTheCallWithThePreviousFailure() {
        server.enqueue(status(503));
        server.enqueue(status(200));
        IllegalStateException refused = new IllegalStateException("the guardrail store refused");
        Guard guard = new Guard(attempt -> {
            if (attempt == 2) {
                throw refused;
            }
        });

        assertThatThrownBy(() -> transport(noJitter().build()).send(ApiRequest.get("GET /x", "x"),
                RequestOptions.none(), guard, Function.identity()))
                .isInstanceOfSatisfying(ServerException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getSuppressed()).containsExactly(refused);
                });
        assertThat(guard.told).containsExactly("before 1", "failed 1: ServerException", "before 2");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    /** A call on a closed transport fails at once, sending nothing, before its listener hears of it. */
    @Test
    void aCallOnAClosedTransportIsRefusedBeforeItsListenerHearsOfIt() {
        List<CallStart> started = new CopyOnWriteArrayList<>();
        HttpTransport transport = transport(HttpSettings.builder().addListeners(new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                started.add(call);
            }
        }));
        transport.close();

        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()))
                .isInstanceOf(ClientClosedException.class);
        assertThat(started).isEmpty();
        assertThat(server.getRequestCount()).isZero();
    }

    /**
     * The time an attempt may leave by (AttemptGuard.beforeAttempt: a create token's lease) is kept as
     * it is about to be written: past it, nothing is written and the guard is told the attempt was not
     * sent (not that it failed); one due to leave just then leaves.
     */
    @Test
    void anAttemptPastItsTimeToLeaveIsNotWrittenAndOneDueJustThenLeaves() {
        time.advance(Duration.ofHours(1));
        server.enqueue(status(200));
        HttpTransport transport = transport(RetryPolicy.defaults());
        Guard late = new Guard(attempt -> { });
        late.sendBy = time.nanoTime() - 1;

        assertThatThrownBy(() -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.builder().maxRetries(0).build(),
                late, Function.identity()))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("nothing was sent");
        assertThat(late.told).containsExactly("before 1", "not sent 1");
        assertThat(server.getRequestCount()).isZero();

        Guard due = new Guard(attempt -> { });
        due.sendBy = time.nanoTime();
        assertThat(transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none(), due, Function.identity()).status())
                .isEqualTo(200);
        assertThat(due.told).containsExactly("before 1");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
