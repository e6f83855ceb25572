package dev.verifykit.servlet;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.sse.DockSessionStreams;
import java.time.Duration;

/**
 * The reference mock with Dock's guardrails shrunk (minimum interval 200 ms, keep-alive 300 ms, the
 * stream maximum as given) and a Dock client told the same, for the relay's tests.
 */
record DockFixture(MockServer mock, DockClient dock) implements AutoCloseable {
    static final String KEY = "dock_test_free";

    static DockFixture start(Duration streamMax) {
        Duration interval = Duration.ofMillis(200);
        Duration keepAlive = Duration.ofMillis(300);
        MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .minPollInterval(interval).streamMaxDuration(streamMax).keepAlive(keepAlive)
                .streamRetry(Duration.ofMillis(300)).maxWait(Duration.ofSeconds(1)).build()).build());
        DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(interval).streamMaxDuration(streamMax)
                        .keepAlive(keepAlive).maxWait(Duration.ofSeconds(1)).build())
                .build();
        return new DockFixture(mock, dock);
    }

    /**
     * The client's Dock streams, taking a stream for dead only after a minute of silence. With the
     * default, twice the 300-ms keep-alive, a loaded machine that held back the mock's keep-alive or
     * the stream's reader for 600 ms (a GC pause, a descheduled thread) had the stream reopened: one
     * more open of the session (or, three in a row, long-polls) than a test counting them expects.
     * The mock still ends each stream at its maximum, so reconnects are still exercised.
     */
    SessionStreams streams() {
        return DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofMinutes(1)).build());
    }

    /** Closes each that was opened (nulls skipped), in order, even when one fails. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        closeAll(dock, mock);
    }
}
