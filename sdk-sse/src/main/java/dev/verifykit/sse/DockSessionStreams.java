package dev.verifykit.sse;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ValidationException;
import dev.verifykit.sse.internal.OkHttpEventStreamReader;

/**
 * Dock sessions followed over Server-Sent Events ({@code GET /v2/sessions/{id}/stream}), read by
 * okhttp-sse. Built on a {@link DockClient}, whose connections, threads, guardrails and
 * per-session read counter the streams share: every stream open keeps the minimum poll interval
 * and counts against the plan's poll cap, together with the client's long-polls.
 *
 * <pre>{@code
 * SessionStreams streams = DockSessionStreams.of(dock);
 * DockSession done = streams.awaitCompletion(session.id());          // blocking
 * streams.awaitCompletionAsync(session.id()).thenAccept(this::store);  // or not
 * }</pre>
 *
 * <p>Works with any {@link DockClient} whose {@code sessions()} can stream, a client of your own
 * that wraps one made by {@link DockClient#builder()} included (it delegates
 * {@link dev.verifykit.dock.DockSessions#streams}). In your own tests, fake {@link SessionStreams}.
 */
public final class DockSessionStreams {
    private DockSessionStreams() {}

    /** Streams over this client with the default {@link StreamSettings}. */
    public static SessionStreams of(DockClient dock) {
        return of(dock, StreamSettings.defaults());
    }

    /** Streams over this client. */
    public static SessionStreams of(DockClient dock, StreamSettings settings) {
        if (dock == null || settings == null) {
            throw new ValidationException(dock == null ? "dock" : "settings", "must not be null");
        }
        return dock.sessions().streams(OkHttpEventStreamReader.INSTANCE, settings);
    }
}
