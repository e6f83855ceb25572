package dev.verifykit.mock.internal.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as flags and fault rules write them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 0} or ISO-8601. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 0} or ISO-8601 {@code PT5M},
     * at most {@link #LONGEST}.
     *
     * @throws IllegalArgumentException naming {@code name} for any other text, or a longer duration
     */
    public static Duration parse(String name, String text) {
        Duration parsed = parseAny(name, text);
        if (parsed.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + LONGEST.getSeconds() + "s, got "
                    + FlagType.quote(text));
        }
        return parsed;
    }

    /**
     * The longest duration taken: about 31 years, past any test's run, and within what instants and
     * nanosecond counts hold (12 digits of days overflowed them: a 500 at a fault's first match).
     */
    public static final Duration LONGEST = Duration.ofSeconds(999_999_999);

    private static Duration parseAny(String name, String text) {
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (text.trim().equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " expects a duration like 500ms, 2s, 5m or 1h, got "
                    + FlagType.quote(text));
        }
    }

    /** The short form {@link #parse} reads back: hours, minutes above one minute, else seconds or milliseconds. */
    public static String format(Duration d) {
        long seconds = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toMillis() + "ms";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds > 60 && seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
