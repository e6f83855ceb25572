package dev.verifykit.mock.internal.settings;

import java.util.List;
import java.util.function.Function;

/**
 * Settings that must not share a value do (two plans' API keys, say), found when their settings are
 * built: the message names them by their names; a command line names them by its flags with
 * {@link #naming}. Quotes no value (they are often keys).
 */
public final class SameValues extends IllegalArgumentException {
    private final transient List<Setting<?>> settings;

    SameValues(List<Setting<?>> settings) {
        super(text(settings, Setting::name));
        this.settings = settings;
    }

    /** The refusal with each setting named by {@code name}: "a and b must differ", "a, b and c must all differ". */
    public String naming(Function<Setting<?>, String> name) {
        return text(settings, name);
    }

    private static String text(List<Setting<?>> settings, Function<Setting<?>, String> name) {
        List<String> names = settings.stream().map(name).toList();
        String last = names.get(names.size() - 1);
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + last
                + (names.size() == 2 ? " must differ" : " must all differ");
    }
}
