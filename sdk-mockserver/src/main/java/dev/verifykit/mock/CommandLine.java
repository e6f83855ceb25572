package dev.verifykit.mock;

import dev.verifykit.mock.internal.settings.FlagType;
import dev.verifykit.mock.internal.settings.SameValues;
import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The standalone server's flags: {@code --help} and the flag of every setting that has one
 * ({@code --host}, {@code --port}, {@code --journal-body-limit}, {@code --fault}, {@code --dock-…},
 * {@code --roblox-…}, {@code --dokai-…}), as the settings classes declare them.
 *
 * @param help whether {@code --help} was given
 * @param settings the settings the flags make
 */
record CommandLine(boolean help, MockSettings settings) {

    private static final int SERVER = 0;
    private static final int DOCK = 1;
    private static final int ROBLOX = 2;
    private static final int DOKAI = 3;

    private static SettingValues[] defaults() {
        return new SettingValues[] {MockSettings.DEFAULTS, DockSettings.DEFAULTS, RobloxSettings.DEFAULTS,
                DokaiSettings.DEFAULTS};
    }

    /**
     * Parses {@code args}; flags take their value as the next argument or after {@code =}.
     *
     * @throws IllegalArgumentException with a one-line message for any bad flag or value
     */
    static CommandLine parse(String... args) {
        SettingValues[] groups = defaults();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (name.equals("--help") || name.equals("-h")) {
                help = true;
                continue;
            }
            int group = groupOf(groups, name);
            if (group < 0) {
                // the name only: a mistyped secret flag's "=value" is a secret; so may be an argument that
                // is no flag, left over when the flag before it took the next flag as its value (an unset
                // variable): shown only when it looks like a word, as verifykit's command line shows one
                throw new IllegalArgumentException(name.startsWith("--") || name.matches("[A-Za-z][A-Za-z-]{0,23}")
                        ? "unknown flag " + FlagType.quote(name) + " (see --help)"
                        : "unexpected argument (not shown: it may be a secret; see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value (see --help)");
                }
                value = args[++i];
            }
            groups[group] = apply(groups[group], flagged(groups[group], name), value);
        }
        MockSettings settings;
        try {
            settings = new MockSettings.Builder(groups[SERVER])
                    .dock(new DockSettings.Builder(groups[DOCK]).build())
                    .roblox(new RobloxSettings.Builder(groups[ROBLOX]).build())
                    .dokai(new DokaiSettings.Builder(groups[DOKAI]).build())
                    .build();
        } catch (SameValues e) { // found once every flag was read: named by the flags that gave them
            throw new IllegalArgumentException(e.naming(s -> s.flag() != null ? s.flag() : s.name()));
        }
        if (!help) {
            resolvable(settings.host());
        }
        return new CommandLine(help, settings);
    }

    /** Refuses a {@code --host} this machine cannot resolve, as bad usage naming the flag (not a failed start). */
    private static void resolvable(String host) {
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(MockSettings.HOST.flag()
                    + " must be an address or a name this machine resolves (was " + FlagType.quote(host) + ")");
        }
    }

    /** The text printed by {@code --help}. */
    static String usage() {
        StringBuilder out = new StringBuilder()
                .append("Usage: java -jar verifykit-mockserver-all.jar [flags]\n\n")
                .append("Runs the VerifyKit reference mock server. The first line on stdout is a JSON object\n")
                .append("with the dock, roblox, dokai and control base URLs and the test credentials.\n\n");
        for (SettingValues group : defaults()) {
            for (Setting<?> setting : group.settings()) {
                if (setting.flag() != null) {
                    line(out, setting.flag() + " " + setting.type().argument(), setting.usage());
                }
            }
        }
        line(out, "--help", "print this help and exit");
        return out.append("\nDurations: a whole number with a unit, e.g. 500ms, 2s, 5m, 1h, 1d (or ISO-8601 PT5M).\n")
                .append("\nFault rules (see the module README): METHOD is an HTTP method or *, PATH a pattern with the\n")
                .append("service prefix (* within a segment, ** across), KIND one of reset-before-response [processed=BOOL],\n")
                .append("reset-mid-body, truncate-body [keep=N], delay-head delay=DURATION, throttle-body bytes=N [period=DURATION],\n")
                .append("respond status=N [body=TEXT] [header=Name:value ...], drop-stream [events=N], stall-stream [events=N],\n")
                .append("webhook-fail, webhook-drop, webhook-delay delay=DURATION, webhook-duplicate; then times=N and/or\n")
                .append("for=DURATION (default: every matching request). Quote values with spaces: body='{\"a\": 1}'.\n")
                .append("Example: --fault 'POST /dock/v2/sessions reset-before-response processed=true times=1'\n")
                .toString();
    }

    private static int groupOf(SettingValues[] groups, String flag) {
        for (int i = 0; i < groups.length; i++) {
            if (flagged(groups[i], flag) != null) {
                return i;
            }
        }
        return -1;
    }

    private static Setting<?> flagged(SettingValues group, String flag) {
        return group.settings().stream().filter(s -> flag.equals(s.flag())).findFirst().orElse(null);
    }

    /** The values with the flag's setting read from {@code text}; errors name the flag. */
    private static <T> SettingValues apply(SettingValues values, Setting<T> setting, String text) {
        try {
            return values.with(setting, setting.type().read(setting.flag(), text, values.get(setting)));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message != null && message.startsWith(setting.flag())
                    ? message : setting.flag() + ": " + message);
        }
    }

    private static void line(StringBuilder out, String flag, String help) {
        out.append(String.format(Locale.ROOT, "  %-36s %s%n", flag, help));
    }
}
