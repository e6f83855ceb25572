package dev.verifykit.mock.internal.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a setting's value is written on the standalone server's command line: the argument's name in
 * {@code --help}, how the text is read, and how the default is shown. Read errors are one-line
 * {@link IllegalArgumentException}s naming the flag.
 *
 * <p>A type is a kind and its bounds, read and shown by one switch, rather than a pair of lambdas:
 * every setting names its type when the settings classes load, in-process starts included, and
 * each lambda would be a class spun at run time for a reader that only the command line uses.
 *
 * @param <T> the setting's type
 */
public final class FlagType<T> {

    private enum Kind { DURATION, DURATIONS, INT, LONG, TEXT, BOOLEAN, LIST, REPEATED, CHOICE }

    public static final FlagType<Duration> DURATION = new FlagType<>("DURATION", Kind.DURATION);
    public static final FlagType<Integer> COUNT = whole(1, Integer.MAX_VALUE);
    public static final FlagType<String> TEXT = new FlagType<>("TEXT", Kind.TEXT);
    public static final FlagType<Boolean> BOOLEAN = new FlagType<>("true|false", Kind.BOOLEAN);
    public static final FlagType<List<String>> LIST = new FlagType<>("LIST", Kind.LIST);
    public static final FlagType<List<Duration>> DURATIONS = new FlagType<>("LIST", Kind.DURATIONS);

    private final String argument;
    private final Kind kind;
    private final long min;
    private final long max;
    /** The constants of a {@link Kind#CHOICE}, else null. */
    private final Enum<?>[] choices;

    private FlagType(String argument, Kind kind, long min, long max, Enum<?>[] choices) {
        this.argument = argument;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.choices = choices;
    }

    private FlagType(String argument, Kind kind) {
        this(argument, kind, 0, 0, null);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static FlagType<Integer> whole(int min, int max) {
        return new FlagType<>("N", Kind.INT, min, max, null);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static FlagType<Long> whole(long min, long max) {
        return new FlagType<>("N", Kind.LONG, min, max, null);
    }

    /** A flag given once per item, each added to the list. */
    public static FlagType<List<String>> repeated(String argument) {
        return new FlagType<>(argument, Kind.REPEATED);
    }

    /** One of {@code constants}, written as its name in lower case (any case is read). */
    @SafeVarargs
    public static <E extends Enum<E>> FlagType<E> choice(String argument, E... constants) {
        return new FlagType<>(argument, Kind.CHOICE, 0, 0, constants.clone());
    }

    public String argument() {
        return argument;
    }

    /** Reads a flag's text; {@code current} is the value so far, for flags that may be repeated. */
    @SuppressWarnings("unchecked")
    public T read(String flag, String text, T current) {
        Object value = switch (kind) {
            case DURATION -> Durations.parse(flag, text);
            case DURATIONS -> {
                List<Duration> delays = new ArrayList<>();
                for (String item : items(text)) {
                    delays.add(Durations.parse(flag, item));
                }
                yield List.copyOf(delays);
            }
            case INT -> (int) number(flag, text, min, max);
            case LONG -> number(flag, text, min, max);
            case TEXT -> text;
            case BOOLEAN -> bool(flag, text);
            case LIST -> items(text);
            case REPEATED -> {
                List<String> all = new ArrayList<>((List<String>) current);
                all.add(text);
                yield all;
            }
            case CHOICE -> choice(flag, text);
        };
        return (T) value;
    }

    /** The value as a flag would give it, or empty when there is nothing to show. */
    public String show(T value) {
        return switch (kind) {
            case DURATION -> Durations.format((Duration) value);
            case DURATIONS -> {
                List<String> delays = new ArrayList<>();
                for (Object delay : (List<?>) value) {
                    delays.add(Durations.format((Duration) delay));
                }
                yield String.join(",", delays);
            }
            case LIST -> String.join(",", castList(value));
            case REPEATED -> "";
            case CHOICE -> wireName((Enum<?>) value);
            case INT, LONG, TEXT, BOOLEAN -> String.valueOf(value);
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private Enum<?> choice(String flag, String text) {
        List<String> names = new ArrayList<>();
        for (Enum<?> constant : choices) {
            if (wireName(constant).equalsIgnoreCase(text.trim())) {
                return constant;
            }
            names.add(wireName(constant));
        }
        throw new IllegalArgumentException(flag + " expects " + String.join(" or ", names) + ", got " + quote(text));
    }

    private static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
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
        return "'" + printable(text) + "'";
    }

    /** Text with its control characters shown as {@code ?}: kept on the one line an error is printed on. */
    public static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
