package dev.verifykit.sse.internal;

import dev.verifykit.http.EventStreamReader;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * Passes an event stream through unchanged while noting its {@code retry:} field, which okhttp-sse
 * parses but does not report. Only whole lines that start with {@code retry:} and carry ASCII
 * digits count, as the SSE specification says; anything else leaves the value as it was.
 *
 * <p>A stream that ends right after a lone CR gets one LF added before its end (CR LF is the same
 * line ending): okhttp-sse's reader otherwise spins forever on it, waiting to see whether an LF
 * follows the CR, on a thread that cancelling the call cannot stop.
 *
 * <p>A line longer than the limit, or an event whose {@code data} lines together are longer than
 * the limit, fails the next read with a {@link EventStreamReader.TooLargeException} (the events before it in this
 * read are still delivered): okhttp-sse buffers a line whole and an event's data until the blank
 * line that ends it, so a stream that never ends a line, or never ends an event, would otherwise
 * take memory without bound.
 *
 * <p>A stream whose bytes come but complete no line (neither an event nor a keep-alive) within
 * the read timeout of the source it reads fails with a {@link SocketTimeoutException}, as a silent
 * one does: each byte restarts the socket's read timeout, so a server (or a proxy) trickling a line
 * that never ends would otherwise keep a dead stream for as long as it trickles.
 */
final class RetryFieldSource extends ForwardingSource {
    private static final int LONGEST_USEFUL_LINE = 32;

    private final long maxBytes;
    private final LongConsumer onRetry;
    private final StringBuilder line = new StringBuilder(LONGEST_USEFUL_LINE);
    private long lineBytes;
    private long eventDataBytes;
    private String overLimit;
    private boolean lineTooLong;
    private boolean previousWasCr;
    private boolean lastWasCr;
    private boolean closedLineEnding;
    private volatile long retryMillis = -1;
    /** The read timeout (real time, as the socket's), 0 for none; and when the last line ended. */
    private final long silenceNanos;
    private long lineEndedNanos;

    RetryFieldSource(Source delegate, long maxBytes, LongConsumer onRetry) {
        super(delegate);
        this.maxBytes = maxBytes;
        this.onRetry = onRetry;
        this.silenceNanos = delegate.timeout().timeoutNanos();
        this.lineEndedNanos = System.nanoTime();
    }

    /** The last valid {@code retry:} value in milliseconds, or -1 when none came. */
    long retryMillis() {
        return retryMillis;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        if (overLimit != null) {
            throw new EventStreamReader.TooLargeException(overLimit);
        }
        long read = super.read(sink, byteCount);
        if (read == -1) {
            if (lastWasCr && !closedLineEnding && byteCount > 0) {
                closedLineEnding = true;
                sink.writeByte('\n');
                return 1;
            }
            return -1;
        }
        for (long i = sink.size() - read; i < sink.size(); i++) {
            observe(sink.getByte(i));
        }
        if (read > 0) {
            lastWasCr = sink.getByte(sink.size() - 1) == '\r';
        }
        if (silenceNanos > 0 && System.nanoTime() - lineEndedNanos > silenceNanos) {
            throw new SocketTimeoutException("no complete line (event or keep-alive) within the read timeout of "
                    + TimeUnit.NANOSECONDS.toMillis(silenceNanos) + " ms, though bytes came");
        }
        return read;
    }

    private void observe(byte b) {
        boolean lfOfCrLf = b == '\n' && previousWasCr;
        previousWasCr = b == '\r';
        if (lfOfCrLf) {
            return;
        }
        if (b == '\n' || b == '\r') {
            endOfLine();
            return;
        }
        if (++lineBytes > maxBytes && overLimit == null) {
            overLimit = "an event stream line is longer than " + maxBytes + " bytes";
        }
        if (line.length() < LONGEST_USEFUL_LINE) {
            line.append((char) (b & 0xff));
        } else {
            lineTooLong = true;
        }
    }

    /**
     * A line ended (CR, LF or CR LF): a blank one ends the event, a {@code data} line adds to it
     * (okhttp-sse keeps the data of an event until its end), a {@code retry} line may set the
     * reconnection time.
     */
    private void endOfLine() {
        lineEndedNanos = System.nanoTime();
        if (lineBytes == 0) {
            eventDataBytes = 0;
        } else if (isDataLine()) {
            eventDataBytes += lineBytes + 1;
            if (eventDataBytes > maxBytes && overLimit == null) {
                overLimit = "an event stream event's data is longer than " + maxBytes + " bytes";
            }
        }
        if (!lineTooLong) {
            readRetry(line);
        }
        line.setLength(0);
        lineTooLong = false;
        lineBytes = 0;
    }

    private boolean isDataLine() {
        return line.length() >= 4 && line.charAt(0) == 'd' && line.charAt(1) == 'a' && line.charAt(2) == 't'
                && line.charAt(3) == 'a' && (line.length() == 4 || line.charAt(4) == ':');
    }

    private void readRetry(CharSequence text) {
        String value = text.toString();
        if (!value.startsWith("retry:")) {
            return;
        }
        value = value.substring(6);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return;
        }
        retryMillis = Long.parseLong(value);
        onRetry.accept(retryMillis);
    }
}
