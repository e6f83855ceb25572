package dev.verifykit.mock.internal;

import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.RobloxSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone server's flags: {@code --port}, {@code --host}, one per Dock setting, one per Roblox
 * setting ({@link RobloxFlags}), {@code --help}.
 */
public final class CommandLine {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m|h|d)");

    private enum Kind { DURATION, COUNT, TEXT }

    private record Flag(String name, Kind kind, String help, BiConsumer<DockSettings.Builder, Object> apply) {
    }

    private static final Map<String, Flag> DOCK_FLAGS = new LinkedHashMap<>();

    static {
        duration("--dock-session-lifetime", "how long a session stays pending (5m)", DockSettings.Builder::sessionLifetime);
        count("--dock-create-burst", "create tokens per API key (6)", DockSettings.Builder::createBurst);
        duration("--dock-create-refill", "time to refill one create token (10s)", DockSettings.Builder::createRefill);
        duration("--dock-min-poll-interval", "minimum time between reads of a session (2s)",
                DockSettings.Builder::minPollInterval);
        duration("--dock-max-wait", "largest long-poll wait, whole seconds (25s)", DockSettings.Builder::maxWait);
        duration("--dock-stream-max-duration", "longest a stream stays open (30s)",
                DockSettings.Builder::streamMaxDuration);
        duration("--dock-keep-alive", "keep-alive comment after this much silence (10s)",
                DockSettings.Builder::keepAlive);
        duration("--dock-stream-retry", "reconnection delay sent as retry: (2s)", DockSettings.Builder::streamRetry);
        count("--dock-free-poll-cap", "reads per session on the free plan (60)", DockSettings.Builder::freePollCap);
        count("--dock-premium-poll-cap", "reads per session on the premium plan (150)",
                DockSettings.Builder::premiumPollCap);
        duration("--dock-terminal-retention", "how long an ended session keeps answering (1h)",
                DockSettings.Builder::terminalRetention);
        duration("--dock-idempotency-ttl", "how long an Idempotency-Key is remembered (24h)",
                DockSettings.Builder::idempotencyTtl);
        count("--dock-free-daily-limit", "session calls per UTC day, free plan (2000)",
                DockSettings.Builder::freeDailyLimit);
        count("--dock-premium-daily-limit", "session calls per UTC day, premium plan (10000)",
                DockSettings.Builder::premiumDailyLimit);
        text("--dock-free-api-key", "the free plan's API key (dock_test_free)", DockSettings.Builder::freeApiKey);
        text("--dock-free-pid", "the pid owned by the free key (PID-FREE0001)", DockSettings.Builder::freePid);
        text("--dock-premium-api-key", "the premium plan's API key (dock_test_premium)",
                DockSettings.Builder::premiumApiKey);
        text("--dock-premium-pid", "the pid owned by the premium key (PID-PREM0001)", DockSettings.Builder::premiumPid);
    }

    private final boolean help;
    private final MockSettings settings;

    private CommandLine(boolean help, MockSettings settings) {
        this.help = help;
        this.settings = settings;
    }

    public boolean help() {
        return help;
    }

    public MockSettings settings() {
        return settings;
    }

    /**
     * Parses {@code args}; flags take their value as the next argument or after {@code =}.
     *
     * @throws IllegalArgumentException with a one-line message for any bad flag or value
     */
    public static CommandLine parse(String... args) {
        MockSettings.Builder mock = MockSettings.builder();
        DockSettings.Builder dock = DockSettings.builder();
        RobloxSettings.Builder roblox = RobloxSettings.builder();
        DokaiSettings.Builder dokai = DokaiSettings.builder();
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
            if (RobloxFlags.has(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value (see --help)");
                    }
                    value = args[++i];
                }
                RobloxFlags.apply(roblox, name, value);
                continue;
            }
            if (name.equals("--fault") || name.equals("--journal-body-limit")) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(name + " needs a value (see --help)");
                    }
                    value = args[++i];
                }
                try {
                    if (name.equals("--fault")) {
                        mock.fault(value);
                    } else {
                        mock.journalBodyLimit(integer(name, value, 0));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().startsWith(name) ? e.getMessage()
                            : name + ": " + e.getMessage());
                }
                continue;
            }
            Flag flag = DOCK_FLAGS.get(name);
            DokaiFlag dokaiFlag = DOKAI_FLAGS.get(name);
            if (flag == null && dokaiFlag == null && !name.equals("--port") && !name.equals("--host")) {
                throw new IllegalArgumentException("unknown flag " + quote(arg) + " (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value (see --help)");
                }
                value = args[++i];
            }
            try {
                if (name.equals("--port")) {
                    mock.port(integer(name, value, 0));
                } else if (name.equals("--host")) {
                    mock.host(value);
                } else if (dokaiFlag != null) {
                    dokaiFlag.apply.accept(dokai, value);
                } else {
                    flag.apply.accept(dock, switch (flag.kind) {
                        case DURATION -> duration(name, value);
                        case COUNT -> integer(name, value, 1);
                        case TEXT -> value;
                    });
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith(name) ? e.getMessage()
                        : name + ": " + e.getMessage());
            }
        }
        return new CommandLine(help, mock.dock(dock.build()).roblox(roblox.build()).dokai(dokai.build()).build());
    }

    /** The text printed by {@code --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder()
                .append("Usage: java -jar verifykit-mockserver-all.jar [flags]\n\n")
                .append("Runs the VerifyKit reference mock server. The first line on stdout is a JSON object\n")
                .append("with the dock, roblox, dokai and control base URLs and the test credentials.\n\n")
                .append(String.format(Locale.ROOT, "  %-36s %s%n", "--port N", "port to listen on; 0 picks a free one (0)"))
                .append(String.format(Locale.ROOT, "  %-36s %s%n", "--host H", "address to listen on (127.0.0.1)"));
        for (Flag flag : DOCK_FLAGS.values()) {
            String arg = flag.name + switch (flag.kind) {
                case DURATION -> " DURATION";
                case COUNT -> " N";
                case TEXT -> " TEXT";
            };
            out.append(String.format(Locale.ROOT, "  %-36s %s%n", arg, flag.help));
        }
        RobloxFlags.usage(out);
        for (DokaiFlag flag : DOKAI_FLAGS.values()) {
            out.append(String.format(Locale.ROOT, "  %-36s %s%n", flag.name + " " + flag.arg, flag.help));
        }
        out.append(String.format(Locale.ROOT, "  %-36s %s%n", "--journal-body-limit N",
                        "bytes of each request body kept in the journal (4096)"))
                .append(String.format(Locale.ROOT, "  %-36s %s%n", "--fault RULE",
                        "a fault rule, repeatable: 'METHOD PATH KIND [option=value ...]'"));
        return out.append(String.format(Locale.ROOT, "  %-36s %s%n", "--help", "print this help and exit"))
                .append("\nDurations: a whole number with a unit, e.g. 500ms, 2s, 5m, 1h, 1d (or ISO-8601 PT5M).\n")
                .append("\nFault rules (see the module README): METHOD is an HTTP method or *, PATH a pattern with the\n")
                .append("service prefix (* within a segment, ** across), KIND one of reset-before-response [processed=BOOL],\n")
                .append("reset-mid-body, truncate-body [keep=N], delay-head delay=DURATION, throttle-body bytes=N [period=DURATION],\n")
                .append("respond status=N [body=TEXT] [header=Name:value ...], drop-stream [events=N], stall-stream [events=N],\n")
                .append("webhook-fail, webhook-drop, webhook-delay delay=DURATION, webhook-duplicate; then times=N and/or\n")
                .append("for=DURATION (default: every matching request). Quote values with spaces: body='{\"a\": 1}'.\n")
                .append("Example: --fault 'POST /dock/v2/sessions reset-before-response processed=true times=1'\n")
                .toString();
    }

    /** Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 0} or ISO-8601 {@code PT5M}. */
    public static Duration duration(String name, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (text.trim().equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " expects a duration like 500ms, 2s, 5m or 1h, got "
                    + quote(text));
        }
    }

    private static int integer(String name, String text, int min) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " expects a whole number of at least " + min + ", got " + quote(text));
    }

    private static String quote(String text) {
        return "'" + text.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static void duration(String name, String help, BiConsumer<DockSettings.Builder, Duration> setter) {
        DOCK_FLAGS.put(name, new Flag(name, Kind.DURATION, help, (b, v) -> setter.accept(b, (Duration) v)));
    }

    private static void count(String name, String help, BiConsumer<DockSettings.Builder, Integer> setter) {
        DOCK_FLAGS.put(name, new Flag(name, Kind.COUNT, help, (b, v) -> setter.accept(b, (Integer) v)));
    }

    private static void text(String name, String help, BiConsumer<DockSettings.Builder, String> setter) {
        DOCK_FLAGS.put(name, new Flag(name, Kind.TEXT, help, (b, v) -> setter.accept(b, (String) v)));
    }

    private record DokaiFlag(String name, String arg, String help, BiConsumer<DokaiSettings.Builder, String> apply) {
    }

    private static final Map<String, DokaiFlag> DOKAI_FLAGS = new LinkedHashMap<>();

    static {
        dokai("--dokai-api-key", "TEXT", "the API key with kyc_verification (dk_test_mock)", DokaiSettings.Builder::apiKey);
        dokai("--dokai-other-api-key", "TEXT", "a second kyc_verification key of another account (dk_test_other)",
                DokaiSettings.Builder::otherApiKey);
        dokai("--dokai-no-kyc-api-key", "TEXT", "a key without kyc_verification (dk_test_nokyc)",
                DokaiSettings.Builder::noKycApiKey);
        dokai("--dokai-webhook-secret", "TEXT", "the webhook signing secret (whsec_mock)",
                DokaiSettings.Builder::webhookSecret);
        dokai("--dokai-session-lifetime", "DURATION", "how long a session can be completed (24h)",
                (b, v) -> b.sessionLifetime(duration("--dokai-session-lifetime", v)));
        dokai("--dokai-allowed-webhook-domains", "LIST", "comma-separated webhook domains, *.d for subdomains; "
                + "empty for none (hooks.example.com)", (b, v) -> b.allowedWebhookDomains(list(v)));
        dokai("--dokai-allow-loopback-http-webhooks", "BOOL", "allow webhook URLs on 127.0.0.0/8, ::1, localhost (true)",
                (b, v) -> b.allowLoopbackHttpWebhooks(bool("--dokai-allow-loopback-http-webhooks", v)));
        dokai("--dokai-signature-scheme", "SCHEME", "plain or timestamped X-Dokai-Signature (plain)",
                (b, v) -> b.signatureScheme(DokaiSettings.SignatureScheme.parse(v)));
        dokai("--dokai-delivery-attempts", "N", "webhook attempts, the first included (3)",
                (b, v) -> b.deliveryAttempts(integer("--dokai-delivery-attempts", v, 1)));
        dokai("--dokai-delivery-delays", "LIST", "comma-separated waits before each retry; the last repeats (1s,5s)",
                (b, v) -> {
                    List<Duration> delays = new ArrayList<>();
                    for (String d : list(v)) {
                        delays.add(duration("--dokai-delivery-delays", d));
                    }
                    b.deliveryDelays(delays);
                });
        dokai("--dokai-delivery-timeout", "DURATION", "longest one webhook attempt may take (5s)",
                (b, v) -> b.deliveryTimeout(duration("--dokai-delivery-timeout", v)));
    }

    private static void dokai(String name, String arg, String help, BiConsumer<DokaiSettings.Builder, String> apply) {
        DOKAI_FLAGS.put(name, new DokaiFlag(name, arg, help, apply));
    }

    private static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (!item.isBlank()) {
                out.add(item.trim());
            }
        }
        return out;
    }

    private static boolean bool(String name, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " expects true or false, got " + quote(text));
        };
    }
}
