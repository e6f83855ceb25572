package dev.verifykit.mock.internal.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One setting of a settings class, everything about it in one place: its name, its default (the
 * documented value), the checks every value must pass, whether it is a secret (left out of
 * {@code toString()}), and the command-line flag that sets it, if any.
 *
 * <pre>{@code
 * static final Setting<Duration> SESSION_LIFETIME = Setting.duration("sessionLifetime", Duration.ofMinutes(5))
 *         .check(Check.POSITIVE).flag("--dock-session-lifetime", "how long a session stays pending");
 * }</pre>
 *
 * @param name the name of the setting, its getter and its builder setter
 * @param defaultValue the value until one is set
 * @param type how the flag's text is read and the default shown, or null without a flag
 * @param checks what every value must pass, in order
 * @param hidden whether {@code toString()} leaves the value out (a secret)
 * @param flag the command-line flag, e.g. {@code --dock-session-lifetime}, or null
 * @param help the flag's line in {@code --help}, without the default
 * @param <T> the type of the value
 */
public record Setting<T>(String name, T defaultValue, FlagType<T> type, List<Check<T>> checks, boolean hidden,
                         String flag, String help) {

    /** A setting whose flag, once added with {@link #flag(String, String)}, is read as {@code type}. */
    public static <T> Setting<T> of(String name, T defaultValue, FlagType<T> type) {
        return new Setting<>(name, defaultValue, type, List.of(), false, null, null);
    }

    /** A setting set only from Java. */
    public static <T> Setting<T> of(String name, T defaultValue) {
        return of(name, defaultValue, null);
    }

    /** A whole number that must be positive. */
    public static Setting<Integer> count(String name, int defaultValue) {
        return of(name, defaultValue, FlagType.COUNT).check(Check.POSITIVE_INT);
    }

    public static Setting<Duration> duration(String name, Duration defaultValue) {
        return of(name, defaultValue, FlagType.DURATION);
    }

    /** An API key, pid or secret: printable ASCII without spaces. */
    public static Setting<String> key(String name, String defaultValue) {
        return of(name, defaultValue, FlagType.TEXT).check(Check.PRINTABLE);
    }

    /** A switch. */
    public static Setting<Boolean> bool(String name, boolean defaultValue) {
        return of(name, defaultValue, FlagType.BOOLEAN);
    }

    /** This setting, whose values must also pass {@code check}. */
    public Setting<T> check(Check<T> check) {
        List<Check<T>> all = new ArrayList<>(checks);
        all.add(check);
        return new Setting<>(name, defaultValue, type, List.copyOf(all), hidden, flag, help);
    }

    /** This setting, set by {@code flag} on the command line; {@code help} is its line in {@code --help}. */
    public Setting<T> flag(String flag, String help) {
        return new Setting<>(name, defaultValue, Objects.requireNonNull(type, "type"), checks, hidden, flag, help);
    }

    /** This setting, left out of {@code toString()}: a secret. */
    public Setting<T> secret() {
        return new Setting<>(name, defaultValue, type, checks, true, flag, help);
    }

    /**
     * The name's hash: a setting is a map key, and a record's own {@code hashCode} would hash every
     * component (the checks, the help text), its first call bootstrapping a method handle per record
     * class, which a mock's first start paid for. Consistent with {@code equals}: equal settings
     * have equal names.
     */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** The flag's line in {@code --help}: the help, then the default as the flag would give it. */
    public String usage() {
        String shown = type.show(defaultValue);
        return shown.isEmpty() ? help : help + " (" + shown + ")";
    }

    /** {@code value} once it passed every check, or the normalised value the checks return. */
    T checked(T value) {
        T out = Objects.requireNonNull(value, name);
        for (Check<T> check : checks) {
            out = check.apply(name, out);
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
