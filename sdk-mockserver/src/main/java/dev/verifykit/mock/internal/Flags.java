package dev.verifykit.mock.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone server's flags for one settings builder ({@code --dock-…}, {@code --roblox-…},
 * {@code --dokai-…}): each flag's argument, its help line and how its text is applied, with the one
 * set of value parsers every flag uses. Errors are one-line {@link IllegalArgumentException}s
 * naming the flag.
 *
 * @param <B> the settings builder the flags set
 */
final class Flags<B> {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");

    private record Flag<B>(String name, String arg, String help, BiConsumer<B, String> apply) {
    }

    private final Map<String, Flag<B>> flags = new LinkedHashMap<>();

    /** A flag whose text is parsed by {@code apply} itself. */
    Flags<B> add(String name, String arg, String help, BiConsumer<B, String> apply) {
        flags.put(name, new Flag<>(name, arg, help, apply));
        return this;
    }

    Flags<B> text(String name, String help, BiConsumer<B, String> setter) {
        return add(name, "TEXT", help, setter);
    }

    Flags<B> duration(String name, String help, BiConsumer<B, Duration> setter) {
        return add(name, "DURATION", help, (b, v) -> setter.accept(b, duration(name, v)));
    }

    Flags<B> count(String name, String help, BiConsumer<B, Integer> setter) {
        return add(name, "N", help, (b, v) -> setter.accept(b, (int) number(name, v, 1, Integer.MAX_VALUE)));
    }

    Flags<B> bool(String name, String help, BiConsumer<B, Boolean> setter) {
        return add(name, "true|false", help, (b, v) -> setter.accept(b, bool(name, v)));
    }

    boolean has(String name) {
        return flags.containsKey(name);
    }

    /** Applies flag {@code name} (which {@link #has}) with its text value. */
    void apply(B builder, String name, String value) {
        try {
            flags.get(name).apply().accept(builder, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() != null && e.getMessage().startsWith(name)
                    ? e.getMessage() : name + ": " + e.getMessage());
        }
    }

    /** One help line per flag. */
    void usage(StringBuilder out) {
        for (Flag<B> flag : flags.values()) {
            line(out, flag.name() + " " + flag.arg(), flag.help());
        }
    }

    static void line(StringBuilder out, String flag, String help) {
        out.append(String.format(Locale.ROOT, "  %-36s %s%n", flag, help));
    }

    /** Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 0} or ISO-8601 {@code PT5M}. */
    static Duration duration(String name, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
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
            throw new IllegalArgumentException(name + " expects a duration like 500ms, 2s, 5m or 1h, got " + quote(text));
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    static long number(String name, String text, long min, long max) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " expects a whole number from " + min + " to " + max + ", got "
                + quote(text));
    }

    static boolean bool(String name, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " expects true or false, got " + quote(text));
        };
    }

    /** Comma-separated items, blanks dropped. */
    static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    static String quote(String text) {
        return "'" + text.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
