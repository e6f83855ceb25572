package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RedirectException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.testing.RawServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clients against a hostile server at the socket level ({@link RawServer}): interim and odd
 * responses, bodies that never end or end short, bombs, huge heads, echoed secrets, servers that
 * never answer. Each ends as a typed failure within its deadline, its buffers bounded, no secret in
 * any message of the failure's chain.
 */
class HostileServerTest {
    static final String KEY = "dock_test_hostile_5f3a";
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String PENDING = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2036-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";
    static final Duration GUARD = Duration.ofSeconds(40);

    private static DockClient.Builder dock(RawServer server) {
        return DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock")).maxRetries(0);
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Every message of the throwable, its causes and suppressed, and toString. */
    static String everything(Throwable t) {
        StringBuilder all = new StringBuilder();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(t));
        while (!todo.isEmpty()) {
            Throwable next = todo.remove(0);
            if (next == null || !seen.add(next)) {
                continue;
            }
            all.append(next).append('\n');
            todo.add(next.getCause());
            todo.addAll(List.of(next.getSuppressed()));
        }
        return all.toString();
    }

    // ---- bounds ----

    /**
     * A chunk-size line whose extension never ends: OkHttp reads the whole line into memory
     * (readUtf8LineStrict without a limit) before the SDK sees a byte of the body, so
     * maxResponseBytes does not bound it.
     */
    @Test
    void aChunkExtensionThatNeverEndsIsBoundedByMaxResponseBytes() throws Exception {
        long total = 48L << 20;
        AtomicLong written = new AtomicLong();
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5;x=");
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'a');
            writeThenClose(conn, block, written, total);
        }); DockClient dock = dock(server).maxResponseBytes(64 * 1024).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(VerifyKitException.class);
            assertThat(written.get())
                    .as("bytes the client took off the socket for one response with maxResponseBytes = 64 KiB")
                    .isLessThan(16L << 20);
        }
    }

    /** Writes {@code block} until {@code total} bytes were taken off ({@code written}), then closes. */
    private static void writeThenClose(RawServer.Conn conn, byte[] block, AtomicLong written, long total) throws IOException {
        try {
            while (written.get() < total) {
                conn.write(block);
                written.addAndGet(block.length);
            }
        } finally {
            conn.socket.close();
        }
    }

    /**
     * A gzip answer whose header's field {@code flag} (FNAME 8, FCOMMENT 16) never ends: no zero byte,
     * only lines (so that the sockets' line bound never trips) until {@code total} bytes were taken.
     */
    private static void gzipHeaderFieldNeverEnded(RawServer.Conn conn, int flag, AtomicLong written, long total)
            throws IOException {
        conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n");
        // magic, deflate, the flag, mtime, xfl, os: then the field, with no zero byte ever
        conn.out.write(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flag, 0, 0, 0, 0, 0, 3});
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) 'a');
        for (int i = 63; i < block.length; i += 64) {
            block[i] = '\n';
        }
        writeThenClose(conn, block, written, total);
    }

    /**
     * A gzip answer whose header never ends: OkHttp inflates a gzip answer it asked for itself, and its
     * gzip reader (Okio's) looks for the zero byte that ends a header's file name (FNAME) or comment
     * (FCOMMENT) holding all it reads in memory, with no limit: maxResponseBytes bounds the inflated
     * body only, and the line bound of the sockets is reset by every line feed. The client must not take
     * more off the socket than a body it would take (here maxResponseBytes = 64 KiB; the kernel's socket
     * buffers hold a few megabytes more), as for a chunk line that never ends.
     *
     * @param flag the gzip header flag whose zero-ended field never ends: FNAME (8) or FCOMMENT (16)
     */
    @ParameterizedTest(name = "flag {0}")
    @ValueSource(ints = {8, 16})
    void aGzipHeaderFieldThatNeverEndsIsBoundedByMaxResponseBytes(int flag) throws Exception {
        assertAnEndlessGzipHeaderFieldIsBounded(flag, null);
    }

    /**
     * The same gzip header, inflated by an interceptor of the application's own {@code okHttpClient} (as
     * OkHttp's {@code BrotliInterceptor} does): it asks {@code Accept-Encoding: br, gzip} itself, so OkHttp
     * leaves the answer to it, and it inflates a gzip one with Okio's gzip reader. The compressed bytes were
     * bounded only when the request asked exactly {@code gzip}, so here the reader held all the server sent.
     */
    @Test
    void aGzipHeaderFieldThatNeverEndsIsBoundedWhenAnInterceptorOfTheApplicationInflates() throws Exception {
        OkHttpClient inflating = new OkHttpClient.Builder().addInterceptor(chain -> {
            Response response = chain.proceed(chain.request().newBuilder().header("Accept-Encoding", "br, gzip").build());
            if (!"gzip".equalsIgnoreCase(response.header("Content-Encoding"))) {
                return response;
            }
            okhttp3.ResponseBody body = response.body();
            return response.newBuilder().removeHeader("Content-Encoding").removeHeader("Content-Length")
                    .body(okhttp3.ResponseBody.create(okio.Okio.buffer(new okio.GzipSource(body.source())),
                            body.contentType(), -1))
                    .build();
        }).build();
        assertAnEndlessGzipHeaderFieldIsBounded(8, inflating); // FNAME
    }

    /**
     * A retrieve answered with a gzip header whose field {@code flag} never ends, through {@code http}
     * (the application's {@code okHttpClient}; null for the client's own): it fails as a transport failure, and the client takes no
     * more off the socket than a body it would take (maxResponseBytes = 64 KiB; the kernel's socket
     * buffers hold a few megabytes more).
     */
    private static void assertAnEndlessGzipHeaderFieldIsBounded(int flag, OkHttpClient http) throws Exception {
        long total = 48L << 20;
        AtomicLong written = new AtomicLong();
        try (RawServer server = new RawServer(conn -> gzipHeaderFieldNeverEnded(conn, flag, written, total));
                DockClient dock = (http == null ? dock(server) : dock(server).okHttpClient(http))
                        .maxResponseBytes(64 * 1024).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(TransportException.class);
            assertThat(written.get())
                    .as("bytes the client took off the socket for one response with maxResponseBytes = 64 KiB")
                    .isLessThan(16L << 20);
        }
    }

    @Test
    void aGzipBombIsBoundedAfterInflation() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                gz.write(zeros);
            }
        }
        byte[] bomb = zipped.toByteArray();
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + bomb.length + "\r\n\r\n");
            conn.write(bomb);
        }); DockClient dock = dock(server).maxResponseBytes(1 << 20).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(MalformedResponseException.class).hasMessageContaining("larger than");
        }
    }

    @Test
    void aOneMegabyteHeaderIsATypedFailureWithAShortMessage() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nX-Big: " + KEY + "x".repeat(1 << 20) + "\r\n");
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                many.append("X-H").append(i).append(": ").append(KEY).append("\r\n");
            }
            conn.write(many + "Content-Length: 2\r\n\r\n{}");
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(TransportException.class);
            assertThat(everything(thrown)).doesNotContain(KEY).hasSizeLessThan(20_000);
        }
    }

    @Test
    void thousandsOfHeadersEchoingTheKey() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            StringBuilder many = new StringBuilder("HTTP/1.1 500 Oops " + KEY + "\r\n");
            for (int i = 0; i < 3000; i++) {
                many.append("X-H").append(i).append(": ").append(KEY).append("\r\n");
            }
            many.append("X-Request-Id: req_").append(KEY).append("\r\n");
            String body = "{\"status\":500,\"error\":\"INTERNAL_ERROR\",\"message\":\"you sent Bearer " + KEY
                    + " auth=" + conn.header("Authorization") + "\",\"meta\":{\"requestId\":\"" + KEY + "\"}}";
            conn.write(many + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(ApiException.class);
            assertThat(everything(thrown)).doesNotContain(KEY);
        }
    }

    // ---- framing oddities ----

    @Test
    void interimResponsesBeforeTheRealOne() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 102 Processing\r\n\r\n" + ok(PENDING));
        }); DockClient dock = dock(server).build()) {
            DockSession session = assertTimeoutPreemptively(GUARD, () -> dock.sessions().retrieve(ID));
            assertThat(session.id()).isEqualTo(ID);
        }
    }

    @Test
    void endlessInterimResponsesEndAtTheDeadline() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            try {
                while (true) {
                    conn.write("HTTP/1.1 103 Early Hints\r\n\r\n");
                    Thread.sleep(5);
                }
            } catch (IOException | InterruptedException gone) {
                // client left
            }
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID,
                    RequestOptions.builder().timeout(Duration.ofSeconds(2)).build())));
            assertThat(thrown).isInstanceOf(TransportException.class);
        }
    }

    @Test
    void http10WithoutContentLengthThenClose() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.0 200\r\nContent-Type: application/json\r\n\r\n" + PENDING);
            conn.socket.close();
        }); DockClient dock = dock(server).build()) {
            DockSession session = assertTimeoutPreemptively(GUARD, () -> dock.sessions().retrieve(ID));
            assertThat(session.id()).isEqualTo(ID);
        }
    }

    /** A status code outside 200–599 (RFC 9110 §15: 100–599; a 1xx is never a final answer here) is a broken answer. */
    @ParameterizedTest
    @ValueSource(strings = {"999 X", "012 X", "600 X"})
    void aStatusCodeNoFinalAnswerHasIsABrokenAnswer(String status) throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n");
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(TransportException.class)
                    .hasMessageContaining("a status code no final answer has: " + Integer.parseInt(status.substring(0, 3)));
        }
    }

    @Test
    void aGarbageStatusLineQuotingTheKeyIsRedacted() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 2x0 " + conn.header("Authorization") + "\r\n\r\n");
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(TransportException.class);
            assertThat(everything(thrown)).doesNotContain(KEY);
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 307 Temporary\r\nSet-Cookie: s=" + KEY + "; Path=/\r\nLocation: http://evil.example/x?k="
                    + KEY + "\r\nContent-Length: 0\r\n\r\n");
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(RedirectException.class);
            assertThat(everything(thrown)).doesNotContain(KEY).contains("evil.example");
        }
    }

    // ---- deadlines ----

    @Test
    void aShortBodyThatHangsEndsAtTheCallsTimeout() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"status\":");
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID,
                    RequestOptions.builder().timeout(Duration.ofSeconds(2)).build())));
            assertThat(thrown).isInstanceOf(TransportException.class);
        }
    }

    @Test
    void aTrickledBodyEndsAtTheCallTimeout() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            try {
                while (true) {
                    conn.write("1\r\n \r\n");
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException gone) {
                // client left
            }
        }); DockClient dock = dock(server).callTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(1)).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(TransportException.class);
            Throwable async = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions()
                    .awaitCompletionAsync(ID, WaitOptions.builder().timeout(Duration.ofSeconds(3)).maxConsecutiveFailures(0).build())
                    .get(GUARD.toSeconds(), TimeUnit.SECONDS)));
            assertThat(async).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(VerifyKitException.class);
        }
    }

    /**
     * Connect OK, no bytes ever, on a create: retried with the same idempotency key. Each attempt
     * ends at the read timeout, which starts once the request is written (a call timeout could end an
     * attempt before its head was sent on a loaded machine); the server records each head on its own
     * thread, so the test waits for both before reading them.
     */
    @Test
    void aCreateThatGetsNoAnswerIsRetriedWithTheSameKey() throws Exception {
        try (RawServer server = new RawServer(conn -> { }); DockClient dock = DockClient.builder()
                .apiKey(KEY).baseUrl(server.url("/dock")).callTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(1))
                .retryPolicy(RetryPolicy.builder().maxRetries(1).baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build())
                .build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions()
                    .create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build())));
            assertThat(thrown).isInstanceOf(TransportException.class);
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.heads.size() < 2) {
                    Thread.sleep(10);
                }
            });
            assertThat(server.heads).hasSize(2);
            String k1 = header(server.heads.get(0), "Idempotency-Key");
            assertThat(k1).isNotNull().isEqualTo(header(server.heads.get(1), "Idempotency-Key"));
        }
    }

    /** A wait held by a server that never answers: close() ends it, and its connection. */
    @Test
    void closeEndsAHeldWaitAndItsConnection() throws Exception {
        try (RawServer server = new RawServer(conn -> { })) {
            DockClient dock = dock(server).build();
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(ID);
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.open.get() == 0) {
                    Thread.sleep(10);
                }
            });
            dock.close();
            Throwable thrown = catchThrowable(() -> wait.get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(thrown).hasCauseInstanceOf(WaitCancelledException.class);
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.open.get() != 0) {
                    Thread.sleep(10);
                }
            });
        }
    }

    @Test
    void aLongPollToAServerThatNeverAnswersEndsAtTheCallsTimeout() throws Exception {
        try (RawServer server = new RawServer(conn -> { }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID,
                    Duration.ofSeconds(25), RequestOptions.builder().timeout(Duration.ofSeconds(2)).build())));
            assertThat(thrown).isInstanceOf(TransportException.class);
            Throwable waited = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().awaitCompletion(ID,
                    WaitOptions.builder().timeout(Duration.ofSeconds(3)).build())));
            assertThat(waited).isInstanceOf(VerifyKitException.class);
        }
    }

    @Test
    void anUnsolicited101IsTyped() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n");
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID,
                    RequestOptions.builder().timeout(Duration.ofSeconds(3)).build())));
            assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("a status code no final answer has: 101");
        }
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * Okio's EOFException for a line that never ends quotes the line's first bytes in hex (the cause
     * of OkHttp's own exception): a status line echoing the key put it, hex-encoded, into the chain.
     */
    @Test
    void anUnendedStatusLineEchoingTheKeyPutsItNowhereInTheFailureNotEvenInHex() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            String auth = conn.header("Authorization"); // "Bearer <key>"
            conn.write("HTTP/1." + auth.substring("Bearer ".length()));
            conn.socket.close();
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).isInstanceOf(TransportException.class);
            String hexKey = HexFormat.of().formatHex(KEY.getBytes(StandardCharsets.US_ASCII));
            assertThat(everything(thrown)).doesNotContain(KEY).doesNotContainIgnoringCase(hexKey.substring(0, 16))
                    .contains("content=(hidden)");
        }
    }

    /**
     * The one-time code a completion sends is a secret of its request: redacted in what a server
     * answers, and (it was not) in an I/O failure's message too, where OkHttp quotes a status line it
     * cannot parse (a server echoing the request there).
     */
    @Test
    void aGarbageStatusLineEchoingTheOneTimeCodePutsItNowhereInTheFailure() throws Exception {
        String code = "QZ7K4PMW";
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 2x0 rejected " + new String(conn.body, StandardCharsets.UTF_8) + "\r\n\r\n");
        }); RobloxGameServerClient rpc = RobloxGameServerClient.builder().baseUrl(server.url("/roblox"))
                .verificationSecret("whsec_game_secret_91").maxRetries(0).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> rpc.completeVerification(code, "156319135")));
            assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("Unexpected status line");
            assertThat(everything(thrown)).doesNotContain(code).doesNotContain("whsec_game_secret_91");
        }
    }

    /** The line bound is maxResponseBytes and a megabyte, at most Long.MAX_VALUE: it wrapped negative, and every read failed. */
    @Test
    void aMaxResponseBytesNearTheLargestLongStillReads() throws Exception {
        // Long.MAX_VALUE too: the transport asked for one byte more, an overflow Okio refused on every answer
        for (long max : new long[] {Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
            try (RawServer server = new RawServer(conn -> conn.write(ok(PENDING)));
                    DockClient dock = dock(server).maxResponseBytes(max).build()) {
                DockSession read = assertTimeoutPreemptively(GUARD, () -> dock.sessions().retrieve(ID));
                assertThat(read.id()).as("maxResponseBytes " + max).isEqualTo(ID);
            }
        }
    }

    private static final String NEGATIVE_LENGTH =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}";

    /** A server answering {@code broken} first, then {@code good}. */
    private static RawServer brokenThen(String broken, String good) throws Exception {
        AtomicInteger answers = new AtomicInteger();
        return new RawServer(conn -> {
            if (answers.getAndIncrement() == 0) {
                conn.write(broken);
                conn.socket.shutdownOutput();
            } else {
                conn.write(ok(good));
            }
        });
    }

    private static DockClient.Builder retrying(RawServer server) {
        return DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock")).guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build());
    }

    /**
     * An invalid {@code Content-Length} (a negative number; RFC 9112 §6.3: the framing is invalid, an
     * unrecoverable error of the response) is a failure of the transport, like a body cut short.
     * OkHttp hands the header on and its body source throws {@code IllegalArgumentException} at every
     * read and at its close: the transport took it for a bug ("failed unexpectedly"), never read again,
     * and the connection stayed open.
     */
    @Test
    void aNegativeContentLengthIsATransportFailureAndItsConnectionIsClosed() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write(NEGATIVE_LENGTH);
            conn.socket.shutdownOutput();
        }); DockClient dock = dock(server).build()) {
            Throwable thrown = assertTimeoutPreemptively(GUARD, () -> catchThrowable(() -> dock.sessions().retrieve(ID)));
            assertThat(thrown).as("a response whose framing is invalid").isInstanceOf(TransportException.class);
            dock.close();
            assertTimeoutPreemptively(GUARD, () -> {
                while (server.open.get() != 0) {
                    Thread.sleep(10);
                }
            }, "the connection of the broken answer is closed once the client is");
        }
    }

    /**
     * A broken answer OkHttp throws a runtime exception for (a negative {@code Content-Length}; a
     * negative status code, {@code HTTP/1.1 -12 X}, which it reads as a number and then refuses to
     * build a response of) is read again, as any broken answer of a read.
     */
    @Test
    void aReadAnsweredWithAnAnswerOkHttpCannotUseIsReadAgain() throws Exception {
        for (String broken : List.of(NEGATIVE_LENGTH, "HTTP/1.1 012 X\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 -12 X\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")) {
            try (RawServer server = brokenThen(broken, PENDING); DockClient dock = retrying(server).build()) {
                DockSession session = assertTimeoutPreemptively(GUARD, () -> dock.sessions().retrieve(ID));
                assertThat(session.id()).as(broken).isEqualTo(ID);
            }
        }
    }

    /**
     * On an asynchronous call, OkHttp cancels a call whose answer it refused with a runtime exception
     * (the wait told a cancel) and rethrows the exception on the wait's thread, uncaught.
     */
    @Test
    void aWaitAnsweredWithANegativeStatusCodeLeavesNoExceptionUncaughtOnItsThread() throws Exception {
        String completed = PENDING.replace("\"status\":\"pending\"", "\"status\":\"completed\"")
                .replace("\"reusedExisting\":false}", "\"reusedExisting\":false,\"result\":{\"discordId\":\"123456789012345678\","
                        + "\"robloxId\":\"156319135\",\"verifiedAt\":\"2026-05-07T00:01:12.000Z\",\"linkChanged\":false,"
                        + "\"previousRobloxId\":null,\"linkVersion\":1,\"linkHash\":\"sha256-x\"}}");
        List<String> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
        try (RawServer server = brokenThen("HTTP/1.1 -12 X\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                completed); DockClient dock = retrying(server).build()) {
            DockSession session = assertTimeoutPreemptively(GUARD, () -> dock.sessions().awaitCompletionAsync(ID)
                    .get(GUARD.toSeconds(), TimeUnit.SECONDS));
            assertThat(session.isTerminal()).isTrue();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).as("exceptions thrown out of the library's threads").isEmpty();
    }

    /**
     * README, Security: "Secrets never reach messages, logs or toString()", and a failure's cause chain
     * is kept only as a cleaned copy when a message quotes what a server sent ({@code ShownCauses}: "OkHttp
     * and Okio [quote] a status line ... or the first bytes of a line"). An attempt whose thread was
     * interrupted as it failed (a caller cancelling its request thread, here an interceptor of the
     * application's client standing in for that interrupt, deterministically, after the answer's head
     * arrived) keeps the raw I/O failure as its cause: OkHttp's message quotes the chunk-size line the
     * server wrote, which echoes the request's {@code Authorization}.
     */
    @Test
    void theCauseOfACreateEndedByAnInterruptIsCleanedOfTheKey() throws Exception {
        // the head and a chunk-size line echoing the credential, in one write: buffered with the head
        try (RawServer server = new RawServer(conn -> conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1 " + conn.header("Authorization") + "\r\n"))) {
            OkHttpClient application = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
                Response response = chain.proceed(chain.request());
                Thread.currentThread().interrupt(); // the caller's thread interrupted once the head arrived
                return response;
            }).build();
            try (DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock")).okHttpClient(application)
                    .maxRetries(0).build()) {
                Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
                    try {
                        return catchThrowable(() -> dock.sessions().create(
                                CreateSessionParams.builder().pid("PID-FREE0001").clientId("c1").build()));
                    } finally {
                        Thread.interrupted();
                    }
                });

                assertThat(thrown).as("the create failed").isNotNull();
                String chain = HostileServerTest.everything(thrown);
                // the chain is shown with the key replaced, so that the failure's own report holds no secret
                assertThat(chain.contains(KEY)).as("the key in the failure or its causes:%n%s",
                        chain.replace(KEY, "<THE API KEY>")).isFalse();
            } finally {
                application.dispatcher().executorService().shutdown();
                application.connectionPool().evictAll();
            }
        }
    }
}
