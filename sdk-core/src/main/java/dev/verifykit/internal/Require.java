package dev.verifykit.internal;

import dev.verifykit.error.ValidationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Argument checks that fail with a {@link ValidationException} naming the field and the rule. */
public final class Require {
    /**
     * The longest duration a setting, an option or a service's hint may have: 999,999,999 s (about
     * 31.7 years). Longer is taken for a mistake (leave a timeout unset for none): a deadline that
     * far ahead still fits the nanosecond arithmetic of the clock.
     */
    public static final Duration LONGEST = Duration.ofSeconds(999_999_999);
    /**
     * The longest Dock session id the SDK takes, in characters: Dock documents none (an id is "as
     * returned by session creation", {@code vsn_} and 22 letters and digits in its examples), so this
     * one bound, a generous one, is the client's and the browser relay's alike: a session the client
     * created and follows can be relayed.
     */
    public static final int LONGEST_DOCK_SESSION_ID = 256;
    /** The longest timeout OkHttp takes ({@code Integer.MAX_VALUE} ms, about 24.8 days). */
    public static final Duration LONGEST_HTTP_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);
    private static final String LONGEST_TEXT = LONGEST.getSeconds() + " s, about 31.7 years";

    private Require() {}

    /** A positive duration, at most {@link #LONGEST}. */
    public static Duration positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ValidationException(field, "must be a positive duration");
        }
        return atMost(field, value, LONGEST, LONGEST_TEXT);
    }

    /**
     * A duration of at least 1 ms, at most {@link #LONGEST}: one that is sent or applied in whole
     * milliseconds, where anything shorter would become 0 (no timeout for OkHttp, reconnect at once
     * for a browser's {@code retry:}).
     */
    public static Duration millis(String field, Duration value) {
        if (positive(field, value).compareTo(Duration.ofMillis(1)) < 0) {
            throw new ValidationException(field, "must be at least 1 ms (was " + value.toNanos() + " ns)");
        }
        return value;
    }

    /**
     * A replay guard's claim timeout: at least 3 ms, at most {@link #LONGEST}. The verifier extends a
     * claim every third of its timeout while the handler runs, at most once a millisecond; a shorter
     * claim would be extended as it lapses, or after, and a copy handled beside the handler.
     */
    public static Duration claimTimeout(String field, Duration value) {
        if (positive(field, value).compareTo(Duration.ofMillis(3)) < 0) {
            throw new ValidationException(field, "must be at least 3 ms");
        }
        return value;
    }

    /**
     * A duration that OkHttp takes as a timeout: at least 1 ms (OkHttp counts in whole milliseconds
     * and takes 0 for no timeout at all), at most {@link #LONGEST_HTTP_TIMEOUT}.
     */
    public static Duration httpTimeout(String field, Duration value) {
        return atMost(field, millis(field, value), LONGEST_HTTP_TIMEOUT,
                Integer.MAX_VALUE + " ms, about 24.8 days, OkHttp's longest timeout");
    }

    private static Duration atMost(String field, Duration value, Duration max, String maxText) {
        if (value.compareTo(max) > 0) {
            throw new ValidationException(field, "must be at most " + maxText + " (was " + seconds(value) + " s)");
        }
        return value;
    }

    /** A duration in seconds, its fraction kept: whole seconds alone would show a value just past a limit as the limit. */
    public static String seconds(Duration value) {
        return value.getNano() == 0 ? Long.toString(value.getSeconds())
                : BigDecimal.valueOf(value.getSeconds()).add(BigDecimal.valueOf(value.getNano(), 9)).stripTrailingZeros()
                        .toPlainString();
    }

    /**
     * A bucket's refill whose fill time, {@code burst} refills, is at most {@link #LONGEST}: the
     * bucket's arithmetic counts it in nanoseconds (a burst of 1,000 refilling yearly passed a
     * {@code long} there).
     */
    public static Duration fillTime(String field, int burst, Duration refill) {
        if (refill.compareTo(LONGEST.dividedBy(burst)) > 0) {
            throw new ValidationException(field, "times the burst (" + burst + ") must be at most " + LONGEST_TEXT
                    + ", the time the bucket takes to fill (the refill was " + refill + ")");
        }
        return refill;
    }

    public static int between(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + " (was " + value + ")");
        }
        return value;
    }

    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, "must not be null");
        }
        return value;
    }

    /**
     * A value sent in an HTTP header or used as a key (an API key, a secret): printable ASCII only,
     * {@code U+0020} to {@code U+007E}. The rule names the kind and place of the first character
     * refused, never the value, which is usually a secret.
     */
    public static String headerSafe(String field, String value) {
        present(field, value);
        String problem = headerProblem(value);
        if (problem != null) {
            throw new ValidationException(field, "must contain only printable ASCII characters (found " + problem + ")");
        }
        return value;
    }

    /** Whether a header name is an HTTP token (RFC 9110 §5.1): visible ASCII but for the delimiters. */
    public static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Lower-case names of the headers that frame, route or encode a request: only the transport sets them. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "te", "trailer", "connection", "keep-alive", "upgrade", "proxy-connection", "accept-encoding",
            "content-encoding", "expect");

    /**
     * Whether a header is one only the transport sets ({@code Host}, {@code Content-Length},
     * {@code Transfer-Encoding}, {@code TE}, {@code Trailer}, {@code Connection}, {@code Keep-Alive},
     * {@code Upgrade}, {@code Proxy-Connection}, {@code Accept-Encoding}, {@code Content-Encoding}):
     * given by a caller, it would change how the request is framed, routed or encoded.
     */
    public static boolean isTransportHeader(String name) {
        return TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * What keeps a value out of an HTTP header, e.g. {@code "a line feed (LF) at index 3"}, without
     * quoting the value; {@code null} when it is printable ASCII.
     */
    public static String headerProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return controlName(c) + " at index " + i;
            }
            if (c > 0x7e) {
                return "a non-ASCII character at index " + i;
            }
        }
        return null;
    }

    private static String controlName(char c) {
        return switch (c) {
            case '\r' -> "a carriage return (CR)";
            case '\n' -> "a line feed (LF)";
            case 0 -> "a NUL character";
            case '\t' -> "a tab";
            default -> String.format("a control character (U+%04X)", (int) c);
        };
    }

    /**
     * {@code value}, or {@link #LONGEST} when it is longer: a wait asked for by a component of the
     * caller's (a guardrail store), or a duration the client derives from settings near the longest
     * (a session's lifetime and its grace, a lease), which it counts in nanoseconds (a {@code long}
     * holds about 292 years of them) or hands to a check that takes at most {@link #LONGEST}.
     */
    public static Duration capped(Duration value) {
        return value.compareTo(LONGEST) > 0 ? LONGEST : value;
    }

    /** A duration that is zero or positive, at most {@link #LONGEST}. */
    public static Duration notNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw new ValidationException(field, "must be zero or a positive duration");
        }
        return atMost(field, value, LONGEST, LONGEST_TEXT);
    }

    /**
     * A credential sent in a header (an API key, a secret): required, not blank, and printable ASCII
     * (see {@link #headerSafe}); trimmed. The rule never quotes the value.
     */
    public static String credential(String field, String value) {
        if (value == null) {
            throw new ValidationException(field, "is required");
        }
        return headerSafe(field, notBlank(field, value));
    }

    /**
     * An API key sent as {@code Authorization: Bearer <key>}: a {@link #credential} that is a Bearer
     * token (RFC 6750 §2.1, b64token: letters, digits, {@code - . _ ~ + /}, then {@code =} padding),
     * so that a key given with its scheme ({@code "Bearer dk_live_…"}) or its quotes (an env file's
     * {@code "dk_live_…"}) is refused here rather than sent as is and answered 401 at the first call.
     * The rule never quotes the value.
     */
    public static String bearerToken(String field, String value) {
        String key = credential(field, value);
        if (key.indexOf(' ') >= 0) {
            throw new ValidationException(field, "must be the key alone, without spaces: it is sent as "
                    + "'Authorization: Bearer <key>' (leave out a 'Bearer ' prefix)");
        }
        int padding = key.length();
        while (padding > 0 && key.charAt(padding - 1) == '=') {
            padding--;
        }
        if (padding == 0) {
            throw new ValidationException(field, "must be the key alone, as a Bearer token holds it: letters,"
                    + " digits and - . _ ~ + / (then = padding); it holds padding only");
        }
        for (int i = 0; i < padding; i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0)) {
                throw new ValidationException(field, "must be the key alone, as a Bearer token holds it: letters,"
                        + " digits and - . _ ~ + / (then = padding); character " + (i + 1) + " is not (leave out"
                        + " quotes around it)");
            }
        }
        return key;
    }

    /**
     * Text without the spaces, tabs and line breaks around it (CR, LF), refused when null or blank.
     * Other characters at its ends stay, for the callers' own rules to refuse: {@link String#trim()}
     * dropped every control character and {@link String#strip()} some (U+001C–U+001F, VT, FF), so a
     * key ending in one was silently changed and accepted.
     */
    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "must not be blank");
        }
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /**
     * Text that UTF-8 can carry as it is: no lone UTF-16 surrogate (a high one without its low one,
     * or a low one alone). The JSON bodies are written in UTF-8, whose encoder sends {@code ?} in the
     * place of a lone surrogate: the service would receive, and act on, a value the caller never
     * gave. The rule names the position, never the value.
     *
     * @return {@code value}
     */
    public static String wellFormed(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException(field, "must be well-formed Unicode text (character " + (i + 1)
                        + " is a lone surrogate, which cannot be sent as UTF-8)");
            }
        }
        return value;
    }
}
