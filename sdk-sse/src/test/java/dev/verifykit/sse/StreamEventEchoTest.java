package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.testing.RawServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stream event that is not a session, from a server that echoes the caller's key (or writes
 * controls) as a member name: the malformed event's failure is what the listener (and a log) gets.
 * A body read by a call is cleaned by {@code HttpTransport.malformed} (redacted, escaped, its cause
 * copied clean); a stream event's failure is built by {@code DefaultDockClient.parseStreamedSession}.
 */
class StreamEventEchoTest {
    static final String KEY = "dock_test_stream_echo_4b9d";
    static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    static final String SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";

    static String session(String status) {
        return "{\"id\":\"" + ID + "\",\"pid\":\"PID-ABC12345\",\"clientId\":\"user_123\","
                + "\"status\":\"" + status + "\",\"statusReason\":null,\"expiresAt\":\"2036-05-07T00:05:00.000Z\","
                + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=" + ID + "\","
                + "\"reusedExisting\":false}";
    }

    static final class Recorder implements SessionListener {
        final List<VerifyKitException> errors = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void onError(VerifyKitException error) {
            errors.add(error);
        }

        @Override
        public void onClosed() {
            closed.countDown();
        }
    }

    private static List<VerifyKitException> errorsFor(String badEvent) throws Exception {
        try (RawServer server = new RawServer(conn -> {
            String echoed = badEvent.replace("{AUTH}", conn.header("Authorization"));
            conn.write(SSE_HEAD + "event: session\nid: 1\ndata: " + echoed + "\n\n"
                    + "event: session\nid: 2\ndata: " + session("completed") + "\n\n");
            conn.socket.close();
        }); DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock"))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).build()).build()) {
            Recorder recorder = new Recorder();
            SessionStream stream = DockSessionStreams.of(dock, StreamSettings.builder().fallbackToLongPoll(false).build())
                    .open(ID, recorder);
            try {
                assertThat(recorder.closed.await(30, TimeUnit.SECONDS)).as("stream closed").isTrue();
            } finally {
                stream.close();
            }
            assertThat(recorder.errors).as("the malformed event reported").isNotEmpty();
            return recorder.errors;
        }
    }

    private static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    /** The key as a member name, the event cut after it: the parser names the path, key and all. */
    @Test
    void anEventEchoingTheKeyAsANameShowsItNowhereInTheFailureChain() throws Exception {
        List<VerifyKitException> errors = errorsFor("{\"id\":\"" + ID + "\",\"{AUTH}\": }");
        VerifyKitException malformed = errors.get(0);
        assertThat(malformed.getMessage()).doesNotContain(KEY);
        assertThat(chain(malformed)).as("the failure and its causes").doesNotContain(KEY);
    }

    /** A name holding ESC and a line feed: escaped in a call's failure, written raw in a stream event's. */
    @Test
    void anEventWhoseNameHoldsControlsIsEscapedInTheFailure() throws Exception {
        List<VerifyKitException> errors = errorsFor("{\"id\":\"" + ID + "\",\"x\\u001b[2J\\nFORGED LOG LINE\": }");
        String message = errors.get(0).getMessage();
        assertThat(message).contains("FORGED LOG LINE").doesNotContain("\u001b").doesNotContain("\n");
    }

    /** The same event as the only one of the stream: the wait fails with it, and its cause holds the key. */
    @Test
    void aWaitEndedByAnEventEchoingTheKeyShowsItNowhereInItsFailure() throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write(SSE_HEAD + "event: session\nid: 1\ndata: {\"id\":\"" + ID + "\",\"" + conn.header("Authorization")
                    + "\": }\n\n");
            conn.socket.close();
        }); DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(server.url("/dock"))
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).build()).build()) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> DockSessionStreams.of(dock,
                    StreamSettings.builder().fallbackToLongPoll(false).build())
                    .awaitCompletionAsync(ID, dev.verifykit.poll.WaitOptions.builder().maxConsecutiveFailures(0).build())
                    .get(30, TimeUnit.SECONDS));
            assertThat(thrown).isNotNull();
            assertThat(chain(thrown)).contains("not a session").doesNotContain(KEY);
        }
    }
}
