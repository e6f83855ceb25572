package dev.verifykit.http.internal;

import dev.verifykit.internal.Escapes;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A response body described for a message: its content type and length, and, for a body that is
 * not JSON at all (nor begins as JSON), a short preview (known secrets and JWTs masked, then escaped
 * as any server text is), plus a hint when it looks like an HTML page, which usually means a wrong base URL or a
 * proxy's error page.
 */
final class BodyDescription {
    static final int PREVIEW_CHARS = 120;

    private BodyDescription() {}

    /**
     * E.g. {@code text/html; charset=utf-8, 1534 bytes, starting "<!DOCTYPE html><html>…"}.
     *
     * @param preview whether to show the start of the body; only for a body that is not JSON, so
     *     that the values of a well-formed answer (identity data, tokens) never reach a message.
     *     A body that begins as JSON (an object or an array, cut short or followed by more text)
     *     is not shown either: its values are an answer's (a one-time code, an identity).
     */
    static String of(String contentType, byte[] body, Redactor redactor, boolean preview) {
        StringBuilder text = new StringBuilder(contentType == null ? "no content type" : contentType)
                .append(", ").append(body.length).append(body.length == 1 ? " byte" : " bytes");
        if (preview && body.length > 0 && !beginsAsJson(body)) {
            text.append(", starting \"").append(preview(body, redactor)).append('"');
        }
        return text.toString();
    }

    /** Whether a body is an HTML page rather than an API answer. */
    static boolean looksLikeHtml(String contentType, byte[] body) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return true;
        }
        String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8).strip()
                .toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<head")
                || start.startsWith("<body");
    }

    /** Whether the body's first character (after white space and a byte order mark) opens a JSON object or array. */
    private static boolean beginsAsJson(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF ? 3 : 0;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        return i < body.length && (body[i] == '{' || body[i] == '[');
    }

    /**
     * The start of the body as server text is shown ({@link Redactor#serverText}): masked first, in
     * the whole window, so that a secret cut by the preview's end, or broken by a line break, is still
     * found (a window that cuts the body ends with the cut mark, before which the start of a secret
     * is masked); then escaped ({@link Escapes#escaped}: controls, line and paragraph separators,
     * bidirectional marks, overrides and isolates), and cut to {@value #PREVIEW_CHARS} characters as shown.
     */
    private static String preview(byte[] body, Redactor redactor) {
        boolean cut = body.length > PREVIEW_CHARS * 4;
        String start = new String(body, 0, Math.min(body.length, PREVIEW_CHARS * 4), StandardCharsets.UTF_8);
        String redacted = redactor.redact(cut ? start + '…' : start);
        if (cut && redacted.endsWith("…")) {
            redacted = redacted.substring(0, redacted.length() - 1); // appended again below
        }
        int end = 0;
        int shown = 0;
        while (end < redacted.length()) {
            int width = Escapes.isUnsafe(redacted.charAt(end)) ? Escapes.ESCAPED_LENGTH : 1;
            if (shown + width > PREVIEW_CHARS) {
                break;
            }
            shown += width;
            end++;
        }
        if (end < redacted.length() && end > 0 && Character.isHighSurrogate(redacted.charAt(end - 1))) {
            end--; // not half a character
        }
        String preview = Escapes.escaped(redacted.substring(0, end));
        return end < redacted.length() || cut ? preview + '…' : preview;
    }
}
