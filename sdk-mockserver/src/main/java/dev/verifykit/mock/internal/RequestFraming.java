package dev.verifykit.mock.internal;

import java.util.Locale;

/**
 * Where a connection's requests stand in the bytes read from it, framed as mockwebserver3 frames them: a
 * head (request line and headers, up to the empty line), then a body of the first {@code Content-Length}'s
 * bytes, else chunked when {@code Transfer-Encoding} is {@code chunked}, else none; then the next head.
 * Counts what mockwebserver3 reads as lines, and holds whole, so that none grows past its bound: a head
 * ({@value #MAX_HEAD} bytes together), and each line framing a chunked body ({@value #MAX_CHUNK_LINE}
 * bytes). A body's data is not held whole (bounded elsewhere: {@link Router#MAX_BODY}). One connection's,
 * read by one thread at a time.
 */
final class RequestFraming {

    /** The longest request head taken, request line and headers, in bytes (as {@link Router#MAX_BODY} bounds a body). */
    static final int MAX_HEAD = 64 * 1024;
    /** The longest line of a chunked body's framing (a chunk's size, the empty line after its data), in bytes. */
    static final int MAX_CHUNK_LINE = 8 * 1024;

    /** Why a request is refused: the status line's code and reason, and a reason for the log. */
    record Refusal(String status, String reason) {
    }

    /** The parts of a request; {@code UNFRAMED} once mockwebserver3 cannot frame it (it drops the connection). */
    private enum Part { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, LAST_CHUNK_END, UNFRAMED }

    private Part part = Part.HEAD;
    private long headBytes;
    private final StringBuilder line = new StringBuilder();
    private boolean sawLine;
    /** The first {@code Content-Length} of the head, -1 without one, -2 when mockwebserver3 cannot read it. */
    private long contentLength = -1;
    private boolean chunked;
    /** How many {@code Content-Length} headers the head has, and whether it has a {@code Transfer-Encoding}. */
    private int contentLengths;
    private boolean transferEncoding;
    /** Bytes left of a fixed body or of a chunk's data. */
    private long left;

    /** Follows {@code len} bytes read; the refusal of the request when a bound is passed, else null. */
    synchronized Refusal read(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = (char) (b[i] & 0xff);
            switch (part) {
                case HEAD -> {
                    if (++headBytes > MAX_HEAD) {
                        return new Refusal("431 Request Header Fields Too Large", "request head over " + MAX_HEAD + " bytes");
                    }
                    if (c == '\n') {
                        Refusal refusal = headLine();
                        if (refusal != null) {
                            return refusal;
                        }
                    } else {
                        line.append(c);
                    }
                }
                case CHUNK_SIZE, CHUNK_END, LAST_CHUNK_END -> {
                    if (c == '\n') {
                        chunkLine();
                    } else if (line.length() >= MAX_CHUNK_LINE) {
                        return new Refusal("400 Bad Request", "chunked body's framing line over " + MAX_CHUNK_LINE + " bytes");
                    } else {
                        line.append(c);
                    }
                }
                case FIXED_BODY, CHUNK_DATA -> {
                    long skip = Math.min(left, off + len - i);
                    left -= skip;
                    i += (int) skip - 1;
                    if (left == 0) {
                        if (part == Part.FIXED_BODY) {
                            nextHead();
                        } else {
                            part = Part.CHUNK_END;
                        }
                    }
                }
                case UNFRAMED -> {
                    return null;
                }
            }
        }
        return null;
    }

    /** The request was read whole: the next bytes begin a new head. */
    private void nextHead() {
        part = Part.HEAD;
        headBytes = 0;
        line.setLength(0);
        sawLine = false;
        contentLength = -1;
        chunked = false;
        contentLengths = 0;
        transferEncoding = false;
    }

    /**
     * A line of the head ended (its CR, if any, still in it): a header, or the empty line ending the head; the
     * refusal of a head whose body is framed twice over, or null.
     */
    private Refusal headLine() {
        String text = line.toString();
        line.setLength(0);
        if (!text.isEmpty() && !text.equals("\r")) {
            if (sawLine) { // a header, as mockwebserver3 reads it: the first Content-Length counts
                String lower = text.toLowerCase(Locale.US);
                if (contentLength == -1 && lower.startsWith("content-length:")) {
                    try {
                        contentLength = Long.parseLong(lower.substring(15).strip());
                    } catch (NumberFormatException e) {
                        contentLength = -2;
                    }
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.substring(18).strip().equals("chunked");
                contentLengths += lower.startsWith("content-length:") ? 1 : 0;
                transferEncoding |= lower.startsWith("transfer-encoding:");
            }
            sawLine = true;
        } else if (sawLine) {
            if (contentLengths > 1 || (contentLengths > 0 && transferEncoding)) {
                // as Node.js (llhttp) refuses it: two framings that disagree on where the next request starts
                return new Refusal("400 Bad Request", contentLengths > 1 ? "duplicate Content-Length"
                        : "Content-Length beside Transfer-Encoding");
            }
            if (contentLength < -1) {
                part = Part.UNFRAMED;
            } else if (contentLength > 0) {
                left = contentLength;
                part = Part.FIXED_BODY;
            } else if (contentLength == -1 && chunked) {
                part = Part.CHUNK_SIZE;
            } else {
                nextHead();
            }
        }
        return null;
    }

    /** A line framing a chunked body ended: a chunk's size, or the empty line after a chunk's data. */
    private void chunkLine() {
        String text = line.toString().strip();
        line.setLength(0);
        if (part == Part.LAST_CHUNK_END) {
            nextHead();
            return;
        }
        if (part == Part.CHUNK_END) {
            part = Part.CHUNK_SIZE;
            return;
        }
        long size;
        try {
            size = Integer.parseInt(text, 16);
        } catch (NumberFormatException e) {
            part = Part.UNFRAMED;
            return;
        }
        if (size <= 0) {
            part = size == 0 ? Part.LAST_CHUNK_END : Part.UNFRAMED;
        } else {
            left = size;
            part = Part.CHUNK_DATA;
        }
    }
}
