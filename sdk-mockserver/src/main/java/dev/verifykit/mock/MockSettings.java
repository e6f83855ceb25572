package dev.verifykit.mock;

import dev.verifykit.mock.internal.fault.FaultSyntax;
import dev.verifykit.mock.internal.settings.Check;
import dev.verifykit.mock.internal.settings.FlagType;
import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the mock listens, which clock it reads, and the settings of each service.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
 * MockSettings settings = MockSettings.builder()
 *     .clock(clock)
 *     .dock(DockSettings.builder().minPollInterval(Duration.ZERO).build())
 *     .build();
 * }</pre>
 */
public final class MockSettings extends SettingsObject {

    static final Setting<String> HOST = Setting.of("host", "127.0.0.1", FlagType.TEXT).check(Check.NOT_BLANK)
            .flag("--host", "address to listen on");
    static final Setting<Integer> PORT = Setting.of("port", 0, FlagType.whole(0, 65535))
            .check(Check.between(0, 65535))
            .flag("--port", "port to listen on; 0 picks a free one");
    static final Setting<Clock> CLOCK = Setting.of("clock", Clock.systemUTC());
    static final Setting<DockSettings> DOCK = Setting.of("dock", DockSettings.defaults());
    static final Setting<RobloxSettings> ROBLOX = Setting.of("roblox", RobloxSettings.defaults());
    static final Setting<DokaiSettings> DOKAI = Setting.of("dokai", DokaiSettings.defaults());
    static final Setting<Integer> JOURNAL_BODY_LIMIT = Setting.of("journalBodyLimit", 4096,
            FlagType.whole(0, Integer.MAX_VALUE)).check(Check.atLeast(0))
            .flag("--journal-body-limit", "bytes of each request body kept in the journal");
    static final Setting<List<String>> FAULTS = Setting.of("faults", List.<String>of(), FlagType.repeated("RULE"))
            .check(MockSettings::rules).flag("--fault", "a fault rule, repeatable: 'METHOD PATH KIND [option=value ...]'");

    static final SettingValues DEFAULTS = SettingValues.defaults("MockSettings", HOST, PORT, CLOCK, DOCK, ROBLOX, DOKAI,
            JOURNAL_BODY_LIMIT, FAULTS);

    private MockSettings(SettingValues values) {
        super(values);
    }

    /** Host {@code 127.0.0.1}, a free port, the system UTC clock and the documented limits. */
    public static MockSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** The address to listen on; default {@code 127.0.0.1}. */
    public String host() { return values.get(HOST); }

    /** The port to listen on; 0 (the default) picks a free one. */
    public int port() { return values.get(PORT); }

    /** The clock behind expiry, buckets, intervals, retention and timestamps. */
    public Clock clock() { return values.get(CLOCK); }

    /** The Dock service's settings. */
    public DockSettings dock() { return values.get(DOCK); }

    /** The Roblox code-verification RPC's settings. */
    public RobloxSettings roblox() { return values.get(ROBLOX); }

    /** The Dokai service's settings. */
    public DokaiSettings dokai() { return values.get(DOKAI); }

    /** How many bytes of each request body the journal keeps; default 4096. */
    public int journalBodyLimit() { return values.get(JOURNAL_BODY_LIMIT); }

    /**
     * Fault rules in the compact syntax, added at start and again after every reset (flag
     * {@code --fault}, repeatable); default none.
     */
    public List<String> faults() { return values.get(FAULTS); }


    private static List<String> rules(String name, List<String> rules) {
        List<String> out = new ArrayList<>();
        for (String rule : rules) {
            FaultSyntax.parse(rule);
            out.add(rule.trim());
        }
        return List.copyOf(out);
    }

    /**
     * Builds {@link MockSettings}.
     *
     * <pre>{@code
     * MockSettings settings = MockSettings.builder().port(8089).build();
     * }</pre>
     */
    public static final class Builder extends SettingsObject.Builder<Builder> {
        Builder(SettingValues values) {
            super(values);
        }

        /** Sets {@link MockSettings#host()}. */
        public Builder host(String value) { return set(HOST, value); }

        /** Sets {@link MockSettings#port()}; 0 to 65535. */
        public Builder port(int value) { return set(PORT, value); }

        /** Sets {@link MockSettings#clock()}; a {@link MutableClock} also wakes held reads when moved. */
        public Builder clock(Clock value) { return set(CLOCK, value); }

        /** Sets {@link MockSettings#dock()}. */
        public Builder dock(DockSettings value) { return set(DOCK, value); }

        /** Sets {@link MockSettings#roblox()}. */
        public Builder roblox(RobloxSettings value) { return set(ROBLOX, value); }

        /** Sets {@link MockSettings#dokai()}. */
        public Builder dokai(DokaiSettings value) { return set(DOKAI, value); }

        /** Sets {@link MockSettings#journalBodyLimit()}; 0 keeps no body. */
        public Builder journalBodyLimit(int value) { return set(JOURNAL_BODY_LIMIT, value); }

        /**
         * Adds a fault rule in the compact syntax to {@link MockSettings#faults()}, e.g.
         * {@code "POST /dock/v2/sessions respond status=503 times=1"}.
         *
         * @throws IllegalArgumentException when {@code rule} is not a rule
         */
        public Builder fault(String rule) {
            List<String> rules = new ArrayList<>(values.get(FAULTS));
            rules.add(rule);
            return set(FAULTS, rules);
        }

        /** The settings. */
        public MockSettings build() {
            return new MockSettings(values);
        }
    }
}
