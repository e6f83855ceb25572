package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.squareup.moshi.Moshi;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionStreamTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer server;
    private Http http;

    private void start(DockSettings.Builder dock) {
        server = MockServer.start(MockSettings.builder().clock(clock).dock(dock.minPollInterval(Duration.ZERO).build())
                .build());
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Reads an event stream block by block (a block ends with a blank line). */
    static final class Sse implements AutoCloseable {
        final Response response;
        final BufferedSource source;

        Sse(Response response) {
            this.response = response;
            this.source = response.body().source();
        }

        /** The lines of the next block, or null when the stream ended. */
        List<String> next() throws IOException {
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = source.readUtf8Line()) != null) {
                if (line.isEmpty()) {
                    return lines;
                }
                lines.add(line);
            }
            return lines.isEmpty() ? null : lines;
        }

        /** The next block that is an event (skipping comments). */
        List<String> nextEvent() throws IOException {
            List<String> block;
            while ((block = next()) != null) {
                if (block.stream().anyMatch(l -> l.startsWith("event:"))) {
                    return block;
                }
            }
            return null;
        }

        @Override
        public void close() {
            response.close();
        }
    }

    private Sse open(String id) throws IOException {
        return new Sse(Http.CLIENT.newCall(new Request.Builder()
                .url(server.dockBaseUrl() + "/v2/sessions/" + id + "/stream")
                .header("Authorization", "Bearer " + Http.FREE).build()).execute());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(List<String> event) throws IOException {
        String json = event.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(json);
    }

    @Test
    void sendsRetryThenTheSessionAtOnceThenEachChangeAndClosesWhenTerminal() throws Exception {
        start(DockSettings.builder());
        String id = http.newSession("stream");

        try (Sse sse = open(id)) {
            assertThat(sse.response.code()).isEqualTo(200);
            assertThat(sse.response.header("Content-Type")).startsWith("text/event-stream");
            assertThat(sse.response.header("X-Request-Id")).startsWith("req_");
            assertThat(sse.response.header("X-RateLimit-Limit")).isEqualTo("6");
            assertThat(sse.next()).containsExactly("retry: 2000");

            List<String> first = sse.next();
            assertThat(first).startsWith("event: session", "id: 1");
            Map<String, Object> pending = data(first);
            assertThat(pending).containsEntry("id", id).containsEntry("status", "pending")
                    .doesNotContainKeys("meta", "data", "reusedExisting");

            new Thread(() -> server.dock().complete(id, "123456789012345678", "42")).start();
            List<String> second = sse.nextEvent();
            assertThat(second).startsWith("event: session", "id: 2");
            assertThat(data(second)).containsEntry("status", "completed");

            assertThat(sse.next()).isNull();
        }
    }

    @Test
    void sendsKeepAliveCommentsWhileIdleAndAnExpiryByTheClock() throws Exception {
        start(DockSettings.builder().keepAlive(Duration.ofMillis(200)).streamRetry(Duration.ofMillis(750)));
        String id = http.newSession("idle");

        try (Sse sse = open(id)) {
            assertThat(sse.next()).containsExactly("retry: 750");
            assertThat(sse.next()).startsWith("event: session", "id: 1");
            assertThat(sse.next()).containsExactly(": keep-alive");
            assertThat(sse.next()).containsExactly(": keep-alive");

            clock.advance(Duration.ofMinutes(5));
            List<String> expired = sse.nextEvent();
            assertThat(expired).contains("id: 2");
            assertThat(data(expired)).containsEntry("status", "expired")
                    .containsEntry("statusReason", "lifetime_exceeded");
            assertThat(sse.next()).isNull();
        }
    }

    /**
     * CONTRACT.md, "a {@code : keep-alive} comment every 10 s": never more often than the setting. A
     * stream of 1 s with keep-alives after 100 ms of silence has room for at most 9 (found unpinned by
     * mutation testing: keep-alives sent back to back after the first); each needs 100 ms after the last
     * thing sent, so a slower machine sends fewer, never more.
     */
    @Test
    void keepAlivesAreNeverCloserThanTheKeepAliveSetting() throws Exception {
        start(DockSettings.builder().keepAlive(Duration.ofMillis(100)).streamMaxDuration(Duration.ofSeconds(1)));
        String id = http.newSession("paced");

        int keepAlives = 0;
        try (Sse sse = open(id)) {
            for (List<String> block; (block = sse.next()) != null; ) {
                if (block.equals(List.of(": keep-alive"))) {
                    keepAlives++;
                }
            }
        }

        assertThat(keepAlives).as("keep-alives in a 1-s stream, 100 ms apart at the closest").isLessThanOrEqualTo(10);
    }

    @Test
    void closesAtTheStreamMaximum() throws Exception {
        start(DockSettings.builder().streamMaxDuration(Duration.ofMillis(600)));
        String id = http.newSession("max");

        // No bound on the time taken: a stream left open would send its keep-alive (10 s) rather than end.
        try (Sse sse = open(id)) {
            assertThat(sse.next()).containsExactly("retry: 2000");
            assertThat(sse.next()).contains("id: 1");
            assertThat(sse.next()).isNull();
        }
        assertThat(server.dock().session(id)).get().extracting(MockDockSession::status).isEqualTo("pending");
    }

    @Test
    void aTerminalSessionIsSentOnceAndTheStreamCloses() throws Exception {
        start(DockSettings.builder());
        String id = http.newSession("over");
        server.dock().expire(id);

        try (Sse sse = open(id)) {
            sse.next();
            assertThat(data(sse.next())).containsEntry("status", "expired");
            assertThat(sse.next()).isNull();
        }
    }

    @Test
    void closingTheServerEndsOpenStreamsPromptly() throws Exception {
        start(DockSettings.builder());
        String id = http.newSession("shutdown");

        try (Sse sse = open(id)) {
            sse.next();
            sse.next();
            server.close();
            // No bound on the time taken: a stream close() left open would keep sending keep-alives until
            // the test client's call timeout (45 s), which is not an end of the stream.
            try {
                while (sse.next() != null) {
                    // drain until the stream ends
                }
            } catch (IOException e) {
                assertThat(e).as("a reset connection is as good as a clean end; a timeout is not")
                        .isNotInstanceOf(InterruptedIOException.class);
            }
        }
    }
}
