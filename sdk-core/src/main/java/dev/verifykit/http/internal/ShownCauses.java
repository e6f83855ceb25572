package dev.verifykit.http.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure's cause fit to be kept under an exception this SDK throws, and its messages fit to be
 * quoted. Parsers and I/O libraries quote what they read in their messages: Moshi the names on a
 * JSON path (a server's text, cut before it came here), its exception under it the same whole;
 * OkHttp and Okio a status line (up to OkHttp's 256-KiB header limit) or the first bytes of a line
 * that never ended, in hex. So when any message of a chain holds a secret, a control character, is
 * too long or quotes bytes, the chain is rebuilt with its messages shown as server text is
 * ({@link Redactor#serverText}: masked, escaped, cut), quoted bytes dropped, each naming its
 * original's type and keeping its stack trace. One rule for the transport's answers and the
 * webhook bodies.
 */
public final class ShownCauses {
    /** Causes of a failure kept (OkHttp's chains are two or three deep). */
    private static final int MAX_CAUSES = 8;

    private ShownCauses() {}

    /**
     * {@code cause} itself when no message of its chain needs cleaning, else a cleaned copy (of
     * {@code RuntimeException}s and {@code IOException}s, as the originals were); {@code null} stays
     * {@code null}.
     */
    public static Throwable of(Throwable cause, Redactor secrets) {
        return cause == null || cleanChain(cause, secrets) ? cause : copy(cause, secrets, 0);
    }

    /** {@link #of(Throwable, Redactor)} of an I/O failure, which stays an {@code IOException}. */
    public static IOException ofIo(IOException cause, Redactor secrets) {
        return (IOException) of(cause, secrets);
    }

    /** A failure's message fit to show: secrets masked, quoted bytes dropped, escaped, cut; {@code null} stays {@code null}. */
    public static String message(String message, Redactor secrets) {
        if (message == null) {
            return null;
        }
        String text = message.indexOf("content=") < 0 ? message : QuotedBytes.PATTERN.matcher(message).replaceAll("content=(hidden)");
        return secrets.serverText(text);
    }

    /**
     * Whether no message of {@code e}'s causes and of the failures suppressed in them (a few levels
     * deep: a stack trace prints both) needs cleaning.
     */
    private static boolean cleanChain(Throwable e, Redactor secrets) {
        return cleanChain(e, secrets, 0);
    }

    private static boolean cleanChain(Throwable e, Redactor secrets, int depth) {
        for (Throwable t = e; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
            if (!Objects.equals(t.getMessage(), message(t.getMessage(), secrets))) {
                return false;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (!cleanChain(suppressed, secrets, depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code e}'s chain rebuilt with cleaned messages, the failures suppressed in it too (OkHttp adds
     * the failure of reading an early answer, its status line quoted, to that of sending the request
     * body): of {@code IOException}s when {@code e} is one.
     */
    private static Exception copy(Throwable e, Redactor secrets, int depth) {
        String text = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + message(e.getMessage(), secrets));
        Exception copy = e instanceof IOException ? new IOException(text) : new RuntimeException(text);
        copy.setStackTrace(e.getStackTrace());
        if (depth + 1 < MAX_CAUSES) {
            if (e.getCause() != null && e.getCause() != e) {
                copy.initCause(copy(e.getCause(), secrets, depth + 1));
            }
            for (Throwable suppressed : e.getSuppressed()) {
                copy.addSuppressed(copy(suppressed, secrets, depth + 1));
            }
        }
        return copy;
    }

    /** Okio's quote of the bytes it read ({@code content=48545450…}), parsed at the first failure that has one. */
    private static final class QuotedBytes {
        static final Pattern PATTERN = Pattern.compile("content=[0-9a-fA-F]+\u2026?");
    }
}
