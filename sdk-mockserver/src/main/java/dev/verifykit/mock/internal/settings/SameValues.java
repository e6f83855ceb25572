package dev.verifykit.mock.internal.settings;

import java.util.function.Function;

/**
 * Two settings that must not share a value do (two plans' API keys, say), found when their settings
 * are built: the message names the two by their names; a command line names them by its flags with
 * {@link #naming}. Quotes no value (they are often keys).
 */
public final class SameValues extends IllegalArgumentException {
    private final transient Setting<?> first;
    private final transient Setting<?> second;

    SameValues(Setting<?> first, Setting<?> second) {
        super(text(first, second, Setting::name));
        this.first = first;
        this.second = second;
    }

    /** The refusal with each setting named by {@code name}: "a and b must differ". */
    public String naming(Function<Setting<?>, String> name) {
        return text(first, second, name);
    }

    private static String text(Setting<?> first, Setting<?> second, Function<Setting<?>, String> name) {
        return name.apply(first) + " and " + name.apply(second) + " must differ";
    }
}
