package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.internal.EventStream;
import dev.verifykit.mock.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * The body of {@code GET /v2/sessions/{id}/stream}: a {@code retry:} line, then one {@code session}
 * event at once and one per change, {@code : keep-alive} comments while idle, written in HTTP chunks
 * as they happen. It ends after the terminal event, at the stream maximum, or when the server stops.
 * A fault may cut it after some events: it then ends without the closing chunk, at once or after a
 * silence lasting until the stream maximum.
 */
final class SessionStream implements EventStream {

    private final DockState state;
    private final DockState.Read read;
    private final int cutAfter;
    private final boolean stall;

    SessionStream(DockState state, DockState.Read read) {
        this(state, read, -1, false);
    }

    private SessionStream(DockState state, DockState.Read read, int cutAfter, boolean stall) {
        this.state = state;
        this.read = read;
        this.cutAfter = cutAfter;
        this.stall = stall;
    }

    @Override
    public MockResponseBody cut(int events, boolean stall) {
        return new SessionStream(state, read, events, stall);
    }

    @Override
    public long getContentLength() {
        return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        long keepAliveNanos = state.settings().keepAlive().toNanos();
        long end = System.nanoTime() + state.settings().streamMaxDuration().toNanos();
        chunk(sink, "retry: " + state.settings().streamRetry().toMillis() + "\n\n");
        long nextKeepAlive = System.nanoTime() + keepAliveNanos;
        long seen = -1;
        int sequence = 0;
        try {
            if (cutAfter == 0) {
                cut(seen, end);
                return;
            }
            while (true) {
                DockState.Frame frame = state.awaitChange(read, seen, Math.min(end, nextKeepAlive));
                long now = System.nanoTime();
                if (frame.gone()) {
                    break;
                }
                if (frame.session() != null) {
                    seen = frame.version();
                    chunk(sink, "event: session\nid: " + (++sequence) + "\ndata: "
                            + Json.write(SessionJson.of(frame.session(), null)) + "\n\n");
                    nextKeepAlive = now + keepAliveNanos;
                    if (cutAfter > 0 && sequence >= cutAfter) {
                        cut(seen, end);
                        return;
                    }
                    if (!frame.session().isPending()) {
                        break;
                    }
                } else if (now - end >= 0) {
                    break;
                } else if (now - nextKeepAlive >= 0) {
                    chunk(sink, ": keep-alive\n\n");
                    nextKeepAlive = now + keepAliveNanos;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The closing chunk. A stream a fault may cut is written by a socket handler, which closes the
        // connection after it, so the empty trailer section mockwebserver3 adds to the others is written
        // here: a stream that ended before its cut ends whole, not half-closed (a broken answer to a client).
        sink.writeUtf8(cutAfter >= 0 ? "0\r\n\r\n" : "0\r\n");
        sink.flush();
    }

    /** Ends without the closing chunk (the server then closes the connection), after a silence when stalling. */
    private void cut(long seen, long end) throws InterruptedException {
        if (!stall) {
            return;
        }
        while (System.nanoTime() - end < 0) {
            DockState.Frame frame = state.awaitChange(read, seen, end);
            if (frame.gone()) {
                return;
            }
            if (frame.session() != null) {
                seen = frame.version();
            }
        }
    }

    private static void chunk(BufferedSink sink, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sink.writeHexadecimalUnsignedLong(bytes.length).writeUtf8("\r\n").write(bytes).writeUtf8("\r\n");
        sink.flush();
    }
}
