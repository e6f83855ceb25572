package dev.verifykit.mock.internal.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a setting's value is written on the standalone server's command line: the argument's name in
 * {@code --help}, how the text is read, and how the default is shown. Read errors are one-line
 * {@link IllegalArgumentException}s naming the flag.
 *
 * @param <T> the setting's type
 */
public final class FlagType<T> {

    /** Reads a flag's text; {@code current} is the value so far, for flags that may be repeated. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(String flag, String text, T current);
    }

    public static final FlagType<Duration> DURATION = new FlagType<>("DURATION",
            (flag, text, current) -> Durations.parse(flag, text), Durations::format);
    public static final FlagType<Integer> COUNT = whole(1, Integer.MAX_VALUE);
    public static final FlagType<String> TEXT = new FlagType<>("TEXT", (flag, text, current) -> text, Function.identity());
    public static final FlagType<Boolean> BOOLEAN = new FlagType<>("true|false",
            (flag, text, current) -> bool(flag, text), String::valueOf);
    public static final FlagType<List<String>> LIST = new FlagType<>("LIST",
            (flag, text, current) -> items(text), items -> String.join(",", items));
    public static final FlagType<List<Duration>> DURATIONS = new FlagType<>("LIST",
            (flag, text, current) -> items(text).stream().map(item -> Durations.parse(flag, item)).toList(),
            delays -> String.join(",", delays.stream().map(Durations::format).toList()));

    private final String argument;
    private final Reader<T> reader;
    private final Function<T, String> shown;

    public FlagType(String argument, Reader<T> reader, Function<T, String> shown) {
        this.argument = argument;
        this.reader = reader;
        this.shown = shown;
    }

    /** A whole number from {@code min} to {@code max}. */
    public static FlagType<Integer> whole(int min, int max) {
        return new FlagType<>("N", (flag, text, current) -> (int) number(flag, text, min, max), String::valueOf);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static FlagType<Long> whole(long min, long max) {
        return new FlagType<>("N", (flag, text, current) -> number(flag, text, min, max), String::valueOf);
    }

    /** A flag given once per item, each added to the list. */
    public static FlagType<List<String>> repeated(String argument) {
        return new FlagType<>(argument, (flag, text, current) -> {
            List<String> all = new ArrayList<>(current);
            all.add(text);
            return all;
        }, items -> "");
    }

    public String argument() {
        return argument;
    }

    public T read(String flag, String text, T current) {
        return reader.read(flag, text, current);
    }

    /** The value as a flag would give it, or empty when there is nothing to show. */
    public String show(T value) {
        return shown.apply(value);
    }

    static long number(String flag, String text, long min, long max) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " expects a whole number from " + min + " to " + max + ", got "
                + quote(text));
    }

    static boolean bool(String flag, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(flag + " expects true or false, got " + quote(text));
        };
    }

    /** Comma-separated items, blanks dropped. */
    static List<String> items(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    /** Text as an error message shows it: quoted, control characters replaced. */
    public static String quote(String text) {
        return "'" + text.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
