package dev.verifykit.mock;

import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;

/**
 * What the settings classes share: their values, read by one getter per setting, and a
 * {@code toString()} that lists every setting but the API keys and secrets. Their builders share
 * {@link Builder}, which checks each value as it is set.
 *
 * <pre>{@code
 * public final class DockSettings extends SettingsObject {
 *     static final Setting<Integer> CREATE_BURST = Setting.count("createBurst", 6);
 *     public int createBurst() { return values.get(CREATE_BURST); }
 *     public static final class Builder extends SettingsObject.Builder<Builder> {
 *         public Builder createBurst(int value) { return set(CREATE_BURST, value); }
 *     }
 * }
 * }</pre>
 */
abstract class SettingsObject {
    final SettingValues values;

    SettingsObject(SettingValues values) {
        this.values = values;
    }

    /** Every setting but the API keys and secrets. */
    @Override
    public String toString() {
        return values.toString();
    }

    /**
     * The values a builder has so far, replaced on every set.
     *
     * @param <B> the settings class's own builder, which every setter returns
     */
    abstract static class Builder<B extends Builder<B>> {
        SettingValues values;

        Builder(SettingValues values) {
            this.values = values;
        }

        /**
         * This builder with {@code setting} set to {@code value}.
         *
         * @throws IllegalArgumentException when the value fails the setting's checks
         */
        @SuppressWarnings("unchecked")
        final <T> B set(Setting<T> setting, T value) {
            values = values.with(setting, value);
            return (B) this;
        }
    }
}
