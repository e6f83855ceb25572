package dev.verifykit.http;

import java.io.IOException;
import okhttp3.Response;

/**
 * Reads the events of a {@code text/event-stream} response: the one thing a session stream needs
 * from a Server-Sent Events library. Everything else (pacing and counting each open as a read,
 * reconnecting with {@code Last-Event-ID}, {@code retry:}, backoff, falling back to long-polls,
 * the listener) is VerifyKit's, in the core. {@code verifykit-sse} provides the reader on
 * okhttp-sse ({@code DockSessionStreams.of(dock)} uses it); another transport of a session's
 * events plugs in here.
 *
 * <pre>{@code
 * SessionStreams streams = dock.sessions().streams(myReader, StreamSettings.defaults());
 * }</pre>
 */
@FunctionalInterface
public interface EventStreamReader {
    /**
     * Reads events from the response's body on the calling thread until the stream ends, telling
     * the handler of each event, of each valid {@code retry:} field and (optionally) of the last
     * event ID. The caller closes the response.
     *
     * @param maxBytes the longest line, and the longest data of one event, to accept
     * @throws TooLargeException when a line or an event's data is longer than {@code maxBytes}
     *     (events before it may have been delivered)
     * @throws IOException when the stream is cut or cannot be read
     */
    void read(Response response, long maxBytes, Handler handler) throws IOException;

    /** Hears what the reader reads. Called on the reading thread, in order. */
    interface Handler {
        /**
         * An event.
         *
         * @param id its {@code id:} field, or {@code null}
         * @param type its {@code event:} field, or {@code null} for the default type
         * @param data its data lines, joined with line feeds
         */
        void onEvent(String id, String type, String data);

        /**
         * A {@code retry:} field with a valid number of milliseconds (ASCII digits only), or
         * {@link Long#MAX_VALUE} for one too large for a {@code long}.
         */
        void onRetry(long millis);

        /**
         * The stream's last event ID, as the SSE specification sets it at every blank line, whether
         * or not an event is dispatched there (a block with an {@code id:} and no data sets it too):
         * the value of the latest {@code id} field of this stream without a NUL, {@code ""} when an
         * empty one reset it, or {@code null} when the reader could not keep it (longer than it
         * reads). Told only once the stream has had an {@code id} field. A reader that tells it is
         * trusted over the {@code id} of {@link #onEvent}; by default nothing is done.
         */
        default void onLastEventId(String id) {}
    }

    /** A line or an event longer than the limit: the stream is malformed, not cut. */
    final class TooLargeException extends IOException {
        /** @param message what was too long, and the limit */
        public TooLargeException(String message) {
            super(message);
        }
    }
}
