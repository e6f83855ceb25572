package dev.verifykit.sse.internal;

import dev.verifykit.http.EventStreamReader;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import okio.Buffer;
import okio.ForwardingSource;
import okio.ByteString;
import okio.Source;

/**
 * Passes an event stream on with its line endings made plain, while noting its {@code retry:}
 * field, which okhttp-sse parses but does not report, and its last event ID, which okhttp-sse
 * reports only with an event with data, and as {@code null} after an empty {@code id} (so that a
 * reset cannot be told from no id). Only whole lines that start with
 * {@code retry:} and carry ASCII digits count, as the SSE specification says; anything else leaves
 * the value as it was. The value is read in base ten (leading zeros add nothing); one too long for
 * a {@code long} is reported as {@link Long#MAX_VALUE} (the client clamps it).
 *
 * <p>Every line ending (CR, LF or CR LF, which the specification makes equal) is passed on as one
 * LF, and a byte order mark at the very start of the stream is dropped, as the specification says:
 * okhttp-sse reads the value of an {@code id}, {@code event} or {@code retry} field up to an LF
 * only, so a stream ending its lines with CR alone had its fields swallow the lines after them
 * (and its reader buffer the whole stream), and a leading mark made the first field unknown. A CR
 * passed on as an LF at once also spares okhttp-sse's reader its spin on a stream that ends right
 * after a lone CR (waiting to see whether an LF follows, on a thread that cancelling the call
 * cannot stop).
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
    /** The longest id told, in bytes; a longer one is told as {@code null}. */
    private static final int LONGEST_ID = 1024;
    /** The longest {@code id} line kept: {@code id: } and one byte more than the longest id. */
    private static final int LONGEST_ID_LINE = 4 + LONGEST_ID + 1;
    private static final ByteString BYTE_ORDER_MARK = ByteString.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);

    private final long maxBytes;
    private final LongConsumer onRetry;
    private final Consumer<String> onLastEventId;
    /** The last event ID buffer of the SSE specification, once an {@code id} field came ({@link #idSeen}). */
    private String lastEventId;
    private boolean idSeen;
    private final StringBuilder line = new StringBuilder(LONGEST_USEFUL_LINE);
    private long lineBytes;
    private long eventDataBytes;
    private String overLimit;
    private boolean lineTooLong;
    /** Whether every byte of the line past the first {@link #LONGEST_USEFUL_LINE} is an ASCII digit. */
    private boolean digitsPastTheStart = true;
    private boolean previousWasCr;
    /** Bytes read but not yet passed on (a possible byte order mark at the start, or more than asked for). */
    private final Buffer raw = new Buffer();
    private final byte[] chunk = new byte[8192];
    private boolean started;
    private volatile long retryMillis = -1;
    /** The read timeout (real time, as the socket's), 0 for none; and when the last line ended. */
    private final long silenceNanos;
    private long lineEndedNanos;

    RetryFieldSource(Source delegate, long maxBytes, LongConsumer onRetry, Consumer<String> onLastEventId) {
        super(delegate);
        this.maxBytes = maxBytes;
        this.onRetry = onRetry;
        this.onLastEventId = onLastEventId;
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
        if (byteCount == 0) {
            return 0;
        }
        if (!started && !skipByteOrderMark()) {
            return -1;
        }
        long written = 0;
        while (written == 0) {
            if (raw.exhausted() && super.read(raw, Math.min(byteCount, chunk.length)) == -1) {
                return -1;
            }
            int count = raw.read(chunk, 0, (int) Math.min(raw.size(), Math.min(byteCount, chunk.length)));
            int kept = 0;
            // nothing past the byte that crosses the limit is passed on: okhttp-sse would deliver an
            // oversized event whose blank line came in the same read, before the next read fails
            for (int i = 0; i < count && overLimit == null; i++) {
                byte b = chunk[i];
                if (b == '\n' && previousWasCr) {
                    previousWasCr = false; // the LF of a CR LF: its line ended at the CR
                    continue;
                }
                previousWasCr = b == '\r';
                if (b == '\n' || b == '\r') {
                    endOfLine();
                    chunk[kept++] = '\n';
                } else {
                    observe(b);
                    chunk[kept++] = b;
                }
            }
            sink.write(chunk, 0, kept);
            written = kept;
        }
        if (silenceNanos > 0 && System.nanoTime() - lineEndedNanos > silenceNanos) {
            throw new SocketTimeoutException("no complete line (event or keep-alive) within the read timeout of "
                    + TimeUnit.NANOSECONDS.toMillis(silenceNanos) + " ms, though bytes came");
        }
        return written;
    }

    /**
     * Reads the first bytes while they may be a byte order mark, and drops it when they are.
     *
     * @return false when the stream ended with nothing left to pass on
     */
    private boolean skipByteOrderMark() throws IOException {
        started = true;
        while (raw.size() < BYTE_ORDER_MARK.size() && raw.rangeEquals(0, BYTE_ORDER_MARK, 0, (int) raw.size())) {
            if (super.read(raw, BYTE_ORDER_MARK.size() - raw.size()) == -1) {
                return !raw.exhausted();
            }
        }
        if (raw.rangeEquals(0, BYTE_ORDER_MARK)) {
            raw.skip(BYTE_ORDER_MARK.size());
        }
        return true;
    }

    private void observe(byte b) {
        if (++lineBytes > maxBytes && overLimit == null) {
            overLimit = "an event stream line is longer than " + maxBytes + " bytes";
        }
        if (b == '0' && isRetryValueZero()) {
            return; // a leading zero of a retry value adds nothing: one is kept, so the value stays whole
        }
        if (line.length() < LONGEST_USEFUL_LINE || line.length() < LONGEST_ID_LINE && isIdLine()) {
            line.append((char) (b & 0xff));
        } else {
            lineTooLong = true;
            digitsPastTheStart &= b >= '0' && b <= '9';
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
            if (idSeen) {
                onLastEventId.accept(lastEventId); // set at every blank line, an event dispatched or not
            }
        } else if (line.length() == 2 && line.charAt(0) == 'i' && line.charAt(1) == 'd' || isIdLine()) {
            readId();
        } else if (isDataLine()) {
            eventDataBytes += lineBytes + 1;
            if (eventDataBytes > maxBytes && overLimit == null) {
                overLimit = "an event stream event's data is longer than " + maxBytes + " bytes";
            }
        }
        if (!lineTooLong || digitsPastTheStart) {
            readRetry(line, lineTooLong);
        }
        line.setLength(0);
        lineTooLong = false;
        digitsPastTheStart = true;
        lineBytes = 0;
    }

    /** Whether the line so far is {@code retry:0} or {@code retry: 0}: a retry value whose digits so far are one zero. */
    private boolean isRetryValueZero() {
        int length = line.length();
        return (length == 7 || length == 8 && line.charAt(6) == ' ') && line.charAt(length - 1) == '0'
                && line.indexOf("retry:") == 0;
    }

    private boolean isIdLine() {
        return line.length() >= 3 && line.charAt(0) == 'i' && line.charAt(1) == 'd' && line.charAt(2) == ':';
    }

    /**
     * Reads an {@code id} line (or a bare {@code id}, whose value is empty): its value, without the
     * one space after the colon, becomes the last event ID unless it holds a NUL, as the SSE
     * specification says; one longer than {@link #LONGEST_ID} bytes is told as {@code null}.
     */
    private void readId() {
        idSeen = true;
        if (lineTooLong) {
            lastEventId = null;
            return;
        }
        // the line holds a byte a character: its value is decoded as the UTF-8 it is
        byte[] bytes = line.length() <= 3 ? new byte[0]
                : line.substring(line.charAt(3) == ' ' ? 4 : 3).getBytes(StandardCharsets.ISO_8859_1);
        String value = new String(bytes, StandardCharsets.UTF_8);
        if (value.indexOf('\0') < 0) {
            lastEventId = bytes.length > LONGEST_ID ? null : value;
        }
    }

    private boolean isDataLine() {
        return line.length() >= 4 && line.charAt(0) == 'd' && line.charAt(1) == 'a' && line.charAt(2) == 't'
                && line.charAt(3) == 'a' && (line.length() == 4 || line.charAt(4) == ':');
    }

    /**
     * Reads a {@code retry} line: its value is taken when it is ASCII digits only; one too large for
     * a {@code long} (or going on past the part of the line kept, in digits) as {@link Long#MAX_VALUE}.
     */
    private void readRetry(CharSequence text, boolean goesOnInDigits) {
        String value = text.toString();
        if (!value.startsWith("retry:")) {
            return;
        }
        value = value.substring(6);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return;
        }
        if (value.length() > 1 && value.charAt(0) == '0') {
            value = value.substring(1); // the one leading zero observe() keeps of any: base ten, as the specification reads it
        }
        retryMillis = goesOnInDigits || value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
        onRetry.accept(retryMillis);
    }
}
