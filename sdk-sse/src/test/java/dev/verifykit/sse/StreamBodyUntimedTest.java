package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.RawServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The limit on a stream's open (connect 1 s + stream read timeout 4 s = 5 s) ends with its head: it
 * is not left armed over a healthy stream's body. The server keeps one stream alive (a keep-alive
 * every 100 ms, far within the 4-s read timeout) for 10 s or more; the client must neither drop nor
 * reopen it. The server's own loop decides; latches and a 45-s guard wait for it.
 */
class StreamBodyUntimedTest {
    @Test
    void aHealthyStreamLongerThanTheHeadLimitIsNotCut() throws Exception {
        CountDownLatch whole = new CountDownLatch(1);
        CountDownLatch cut = new CountDownLatch(1);
        try (RawServer server = new RawServer(conn -> {
            try {
                conn.write(HostileStreamServerTest.SSE_HEAD + "retry: 0\n\nevent: session\nid: 1\ndata: "
                        + HostileStreamServerTest.PENDING + "\n\n");
                for (int i = 0; i < 100; i++) {
                    conn.write(": keep-alive\n");
                    Thread.sleep(100);
                }
                whole.countDown();
            } catch (IOException | InterruptedException gone) {
                cut.countDown();
            }
        }); DockClient dock = DockClient.builder().apiKey(HostileStreamServerTest.KEY).baseUrl(server.url("/dock"))
                .connectTimeout(Duration.ofSeconds(1))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).keepAlive(Duration.ofMillis(300)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).baseDelay(Duration.ofMillis(20)).maxDelay(Duration.ofMillis(50)).build())
                .build()) {
            SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(4))
                    .fallbackToLongPoll(false).build()).open(HostileStreamServerTest.ID, new SessionListener() {
                        @Override
                        public void onSession(DockSession session) {}
                    }, WaitOptions.builder().timeout(Duration.ofSeconds(60)).build());
            try {
                long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                while (whole.getCount() > 0 && cut.getCount() > 0 && System.nanoTime() < guard) {
                    Thread.sleep(20);
                }
                assertThat(whole.getCount()).as("the server streamed 10 s to one connection (cut: %s, connections %d)",
                        cut.getCount() == 0, server.accepted.get()).isZero();
                assertThat(server.accepted.get()).as("connections").isEqualTo(1);
            } finally {
                stream.close();
            }
        }
    }
}
