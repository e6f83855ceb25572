package dev.verifykit.mock.internal;

import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.RobloxSettings;
import java.time.Duration;

/**
 * The standalone server's flags: {@code --port}, {@code --host}, one per setting of each service
 * ({@code --dock-…}, {@code --roblox-…}, {@code --dokai-…}), {@code --fault}, {@code --journal-body-limit},
 * {@code --help}.
 */
public final class CommandLine {
    private static final Flags<DockSettings.Builder> DOCK = new Flags<DockSettings.Builder>()
            .duration("--dock-session-lifetime", "how long a session stays pending (5m)", DockSettings.Builder::sessionLifetime)
            .count("--dock-create-burst", "create tokens per API key (6)", DockSettings.Builder::createBurst)
            .duration("--dock-create-refill", "time to refill one create token (10s)", DockSettings.Builder::createRefill)
            .duration("--dock-min-poll-interval", "minimum time between reads of a session (2s)",
                    DockSettings.Builder::minPollInterval)
            .duration("--dock-max-wait", "largest long-poll wait, whole seconds (25s)", DockSettings.Builder::maxWait)
            .duration("--dock-stream-max-duration", "longest a stream stays open (30s)",
                    DockSettings.Builder::streamMaxDuration)
            .duration("--dock-keep-alive", "keep-alive comment after this much silence (10s)",
                    DockSettings.Builder::keepAlive)
            .duration("--dock-stream-retry", "reconnection delay sent as retry: (2s)", DockSettings.Builder::streamRetry)
            .count("--dock-free-poll-cap", "reads per session on the free plan (60)", DockSettings.Builder::freePollCap)
            .count("--dock-premium-poll-cap", "reads per session on the premium plan (150)",
                    DockSettings.Builder::premiumPollCap)
            .duration("--dock-terminal-retention", "how long an ended session keeps answering (1h)",
                    DockSettings.Builder::terminalRetention)
            .duration("--dock-idempotency-ttl", "how long an Idempotency-Key is remembered (24h)",
                    DockSettings.Builder::idempotencyTtl)
            .count("--dock-free-daily-limit", "session calls per UTC day, free plan (2000)",
                    DockSettings.Builder::freeDailyLimit)
            .count("--dock-premium-daily-limit", "session calls per UTC day, premium plan (10000)",
                    DockSettings.Builder::premiumDailyLimit)
            .text("--dock-free-api-key", "the free plan's API key (dock_test_free)", DockSettings.Builder::freeApiKey)
            .text("--dock-free-pid", "the pid owned by the free key (PID-FREE0001)", DockSettings.Builder::freePid)
            .text("--dock-premium-api-key", "the premium plan's API key (dock_test_premium)",
                    DockSettings.Builder::premiumApiKey)
            .text("--dock-premium-pid", "the pid owned by the premium key (PID-PREM0001)", DockSettings.Builder::premiumPid);

    private static final Flags<RobloxSettings.Builder> ROBLOX = new Flags<RobloxSettings.Builder>()
            .duration("--roblox-session-lifetime", "how long a verification session and its code live (10m)",
                    RobloxSettings.Builder::sessionLifetime)
            .count("--roblox-check-limit", "checkVerification calls per session per window (60)",
                    RobloxSettings.Builder::checkLimit)
            .duration("--roblox-check-window", "sliding window of the check limit (60s)", RobloxSettings.Builder::checkWindow)
            .count("--roblox-complete-limit", "completeVerification calls per Roblox user per window (20)",
                    RobloxSettings.Builder::completeLimit)
            .duration("--roblox-complete-window", "sliding window of the complete limit (60s)",
                    RobloxSettings.Builder::completeWindow)
            .count("--roblox-refresh-limit", "refresh calls per Roblox user per window (4)",
                    RobloxSettings.Builder::refreshLimit)
            .duration("--roblox-refresh-window", "sliding window of the refresh limit (1h)",
                    RobloxSettings.Builder::refreshWindow)
            .duration("--roblox-jwt-lifetime", "validity of issued JWTs, whole seconds (1h)",
                    RobloxSettings.Builder::jwtLifetime)
            .text("--roblox-jwt-secret", "HS256 key of issued JWTs (verifykit-mock-jwt-secret)",
                    RobloxSettings.Builder::jwtSecret)
            .text("--roblox-verification-secret", "the game server's x-verification-secret (rbx_test_secret)",
                    RobloxSettings.Builder::verificationSecret)
            .add("--roblox-place-id", "N", "the place id returned by beginVerification (9876543210)",
                    (b, v) -> b.placeId(Flags.number("--roblox-place-id", v, 1, Long.MAX_VALUE)))
            .bool("--roblox-legacy-complete-output", "completeVerification answers the bare true (false)",
                    RobloxSettings.Builder::legacyCompleteOutput)
            .bool("--roblox-superjson", "superjson envelope {\"json\": ...} for inputs and outputs (false)",
                    RobloxSettings.Builder::superjson)
            .bool("--roblox-production-mode", "true leaves data.stack out of errors (false)",
                    RobloxSettings.Builder::productionMode)
            .bool("--roblox-force-hex-codes", "every code is the 8-character hex fallback (false)",
                    RobloxSettings.Builder::forceHexCodes);

    private static final Flags<DokaiSettings.Builder> DOKAI = new Flags<DokaiSettings.Builder>()
            .text("--dokai-api-key", "the API key with kyc_verification (dk_test_mock)", DokaiSettings.Builder::apiKey)
            .text("--dokai-other-api-key", "a second kyc_verification key of another account (dk_test_other)",
                    DokaiSettings.Builder::otherApiKey)
            .text("--dokai-no-kyc-api-key", "a key without kyc_verification (dk_test_nokyc)",
                    DokaiSettings.Builder::noKycApiKey)
            .text("--dokai-webhook-secret", "the webhook signing secret (whsec_mock)", DokaiSettings.Builder::webhookSecret)
            .duration("--dokai-session-lifetime", "how long a session can be completed (24h)",
                    DokaiSettings.Builder::sessionLifetime)
            .add("--dokai-allowed-webhook-domains", "LIST", "comma-separated webhook domains, *.d for subdomains; "
                    + "empty for none (none: loopback only)", (b, v) -> b.allowedWebhookDomains(Flags.list(v)))
            .bool("--dokai-allow-loopback-http-webhooks", "allow webhook URLs on 127.0.0.0/8, ::1, localhost (true)",
                    DokaiSettings.Builder::allowLoopbackHttpWebhooks)
            .add("--dokai-signature-scheme", "SCHEME", "plain or timestamped X-Dokai-Signature (plain)",
                    (b, v) -> b.signatureScheme(DokaiSettings.SignatureScheme.parse(v)))
            .count("--dokai-delivery-attempts", "webhook attempts, the first included (3)",
                    DokaiSettings.Builder::deliveryAttempts)
            .add("--dokai-delivery-delays", "LIST", "comma-separated waits before each retry; the last repeats (1s,5s)",
                    (b, v) -> b.deliveryDelays(Flags.list(v).stream()
                            .map(d -> Flags.duration("--dokai-delivery-delays", d)).toList()))
            .duration("--dokai-delivery-timeout", "longest one webhook attempt may take (5s)",
                    DokaiSettings.Builder::deliveryTimeout);

    private static final Flags<MockSettings.Builder> SERVER = new Flags<MockSettings.Builder>()
            .add("--port", "N", "port to listen on; 0 picks a free one (0)",
                    (b, v) -> b.port((int) Flags.number("--port", v, 0, 65535)))
            .text("--host", "address to listen on (127.0.0.1)", MockSettings.Builder::host)
            .add("--journal-body-limit", "N", "bytes of each request body kept in the journal (4096)",
                    (b, v) -> b.journalBodyLimit((int) Flags.number("--journal-body-limit", v, 0, Integer.MAX_VALUE)))
            .add("--fault", "RULE", "a fault rule, repeatable: 'METHOD PATH KIND [option=value ...]'",
                    MockSettings.Builder::fault);

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
            if (!SERVER.has(name) && !DOCK.has(name) && !ROBLOX.has(name) && !DOKAI.has(name)) {
                throw new IllegalArgumentException("unknown flag " + Flags.quote(arg) + " (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value (see --help)");
                }
                value = args[++i];
            }
            if (SERVER.has(name)) {
                SERVER.apply(mock, name, value);
            } else if (DOCK.has(name)) {
                DOCK.apply(dock, name, value);
            } else if (ROBLOX.has(name)) {
                ROBLOX.apply(roblox, name, value);
            } else {
                DOKAI.apply(dokai, name, value);
            }
        }
        return new CommandLine(help, mock.dock(dock.build()).roblox(roblox.build()).dokai(dokai.build()).build());
    }

    /** The text printed by {@code --help}. */
    public static String usage() {
        StringBuilder out = new StringBuilder()
                .append("Usage: java -jar verifykit-mockserver-all.jar [flags]\n\n")
                .append("Runs the VerifyKit reference mock server. The first line on stdout is a JSON object\n")
                .append("with the dock, roblox, dokai and control base URLs and the test credentials.\n\n");
        SERVER.usage(out);
        DOCK.usage(out);
        ROBLOX.usage(out);
        DOKAI.usage(out);
        Flags.line(out, "--help", "print this help and exit");
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

    /** Parses {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 0} or ISO-8601 {@code PT5M}. */
    public static Duration duration(String name, String text) {
        return Flags.duration(name, text);
    }
}
