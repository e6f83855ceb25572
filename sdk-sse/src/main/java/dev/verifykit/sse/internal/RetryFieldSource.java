package dev.verifykit.sse.internal;

import java.io.IOException;
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
 * <p>A line longer than the limit fails the next read (the events before it in this read are
 * still delivered): okhttp-sse buffers a line whole, so a stream that never sends a line ending
 * would otherwise take memory without bound.
 */
final class RetryFieldSource extends ForwardingSource {
    private static final int LONGEST_USEFUL_LINE = 32;

    private final long maxLineBytes;
    private final StringBuilder line = new StringBuilder(LONGEST_USEFUL_LINE);
    private long lineBytes;
    private boolean lineOverLimit;
    private boolean lineTooLong;
    private boolean lastWasCr;
    private boolean closedLineEnding;
    private volatile long retryMillis = -1;

    RetryFieldSource(Source delegate, long maxLineBytes) {
        super(delegate);
        this.maxLineBytes = maxLineBytes;
    }

    /** The last valid {@code retry:} value in milliseconds, or -1 when none came. */
    long retryMillis() {
        return retryMillis;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        if (lineOverLimit) {
            throw new IOException("an event stream line is longer than " + maxLineBytes + " bytes");
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
        return read;
    }

    private void observe(byte b) {
        if (b == '\n' || b == '\r') {
            if (!lineTooLong) {
                endOfLine(line);
            }
            line.setLength(0);
            lineTooLong = false;
            lineBytes = 0;
            return;
        }
        if (++lineBytes > maxLineBytes) {
            lineOverLimit = true;
        }
        if (line.length() < LONGEST_USEFUL_LINE) {
            line.append((char) (b & 0xff));
        } else {
            lineTooLong = true;
        }
    }

    private void endOfLine(CharSequence text) {
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
    }
}
