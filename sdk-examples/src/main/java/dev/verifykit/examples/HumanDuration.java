package dev.verifykit.examples;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as people write them, the way the mock server reads its flags: a whole number with a
 * unit ({@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}), {@code 0}, or ISO-8601
 * ({@code PT5M}); and shown back compactly ({@code 12s}, {@code 4m 05s}, {@code 23h 59m}).
 *
 * <pre>{@code
 * @Option(names = "--timeout", converter = HumanDuration.class) Duration timeout;
 * HumanDuration.format(Duration.ofSeconds(86_399)); // "23h 59m"
 * }</pre>
 */
public final class HumanDuration implements ITypeConverter<Duration> {
    private static final Map<String, ChronoUnit> UNITS = Map.of("ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS,
            "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS);
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");
    private static final String EXPECTED = "expects a duration like 500ms, 5s, 2m, 1h, 1d, 0 or PT5M";

    /** The duration {@code text} says. */
    public static Duration parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            duration = trimmed.equals("0") ? Duration.ZERO : withUnit(trimmed);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(EXPECTED + ", got '" + text + "'");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(EXPECTED + " (not negative), got '" + text + "'");
        }
        return duration;
    }

    private static Duration withUnit(String text) {
        Matcher m = WITH_UNIT.matcher(text);
        return m.matches() ? Duration.of(Long.parseLong(m.group(1)), UNITS.get(m.group(2))) : Duration.parse(text);
    }

    /** {@code 12s}, {@code 4m 05s}, {@code 23h 59m} or {@code 2d 02h}: the two largest units, rounded down. */
    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3_600, seconds % 3_600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, seconds % 86_400 / 3_600);
    }

    @Override
    public Duration convert(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
