package dev.verifykit.sse.internal;

import dev.verifykit.http.EventStreamReader;
import java.io.IOException;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Okio;

/**
 * Reads an event stream with okhttp-sse, through a {@link RetryFieldSource} that reports the
 * {@code retry:} field okhttp-sse parses but keeps to itself and the last event ID as the SSE
 * specification keeps it, bounds lines and events (okhttp-sse
 * buffers both without limit), and ends a stream left after a lone CR (on which okhttp-sse spins).
 */
public final class OkHttpEventStreamReader implements EventStreamReader {
    /** The one instance; it holds no state. */
    public static final EventStreamReader INSTANCE = new OkHttpEventStreamReader();

    private OkHttpEventStreamReader() {}

    @Override
    public void read(Response response, long maxBytes, Handler handler) throws IOException {
        ResponseBody body = response.body();
        RetryFieldSource guarded = new RetryFieldSource(body.source(), maxBytes, handler::onRetry, handler::onLastEventId);
        Listener listener = new Listener(handler);
        EventSources.processResponse(response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(guarded), body.contentType(), -1))
                .build(), listener);
        Throwable failure = listener.failure;
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure != null) {
            throw new IOException("the event stream failed: " + failure.getClass().getName(), failure);
        }
    }

    /** okhttp-sse's callbacks, passed on; a failure is kept to be thrown once reading stops. */
    private static final class Listener extends EventSourceListener {
        private final Handler handler;
        private Throwable failure;

        Listener(Handler handler) {
            this.handler = handler;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            handler.onEvent(id, type, data);
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response response) {
            failure = t == null ? new IOException("the event stream failed") : t;
        }
    }
}
