package dev.verifykit.mock.internal.settings;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The values of one settings class, immutable: a builder holds one and replaces it on every set, and
 * the built settings keep the last one, so nothing is copied field by field. {@code toString()} lists
 * every setting but the secrets, in declaration order.
 */
public final class SettingValues {

    private final String owner;
    private final Map<Setting<?>, Object> values;

    private SettingValues(String owner, Map<Setting<?>, Object> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The defaults of {@code settings}, which belong to the class named {@code owner}. */
    public static SettingValues defaults(String owner, Setting<?>... settings) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            values.put(setting, setting.checked(cast(setting.defaultValue())));
        }
        return new SettingValues(owner, values);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /**
     * These values with {@code setting} set to {@code value}.
     *
     * @throws IllegalArgumentException when the value fails the setting's checks
     * @throws NullPointerException when the value is null
     */
    public <T> SettingValues with(Setting<T> setting, T value) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting + " is not a setting of " + owner);
        }
        Map<Setting<?>, Object> next = new LinkedHashMap<>(values);
        next.put(setting, setting.checked(value));
        return new SettingValues(owner, next);
    }

    /**
     * Refuses these values when two of {@code settings} share a value.
     *
     * @throws SameValues naming the first two found equal, in the order given (of three, not all
     *     three: the reader would not know which to change)
     */
    public void requireDistinct(Setting<?>... settings) {
        Map<Object, Setting<?>> seen = new HashMap<>();
        for (Setting<?> setting : settings) {
            Setting<?> same = seen.putIfAbsent(get(setting), setting);
            if (same != null) {
                throw new SameValues(same, setting);
            }
        }
    }

    /** The settings, in declaration order. */
    public Collection<Setting<?>> settings() {
        return values.keySet();
    }

    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", owner + "{", "}");
        values.forEach((setting, value) -> {
            if (!setting.hidden()) {
                out.add(setting.name() + "=" + value);
            }
        });
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
