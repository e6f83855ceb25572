package dev.verifykit.examples.cli;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.examples.HumanDuration;
import dev.verifykit.examples.Json;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code verifykit dock create|get|wait|stream}. */
@Command(name = "dock", description = "Dock verification sessions.")
public final class DockCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, defaultValue = "${env:DOCK_API_KEY}",
            description = "The Dock API key (env DOCK_API_KEY, better: a flag shows in process listings); required.")
    String apiKey;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, defaultValue = "${env:DOCK_BASE_URL}",
            description = "Dock's base URL (env DOCK_BASE_URL; default " + DockClient.DEFAULT_BASE_URL + ").")
    String baseUrl;

    /** {@code --plan}, on the commands whose reads count against the plan's poll cap. */
    static final class Plan {
        @Option(names = "--plan", defaultValue = "FREE",
                description = "The key's plan, which sets the poll cap: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        DockPlan plan;
    }

    @Command(name = "create", description = "Create a session (or get the pending one).")
    void create(@Mixin Output output,
            @Option(names = "--pid", defaultValue = "${env:DOCK_PID}",
                    description = "The public identifier of your API key (env DOCK_PID); required.") String pid,
            @Option(names = "--client-id", required = true, description = "Your id for the user (at most 128 characters).")
                    String clientId,
            @Option(names = "--guild-id", description = "A Discord guild id (17 to 20 digits).") String guildId,
            @Option(names = "--idempotency-key", description = "Your key for safe retries (default: a random one).")
                    String idempotencyKey) {
        CreateSessionParams params = CreateSessionParams.builder()
                .pid(Flags.required(spec, pid, "pid", "--pid", "DOCK_PID")).clientId(clientId).guildId(guildId).build();
        // the key is chosen here, not by the client, so that a failure can say which one sends it again
        String key = idempotencyKey != null ? idempotencyKey : IdempotencyKey.random().value();
        RequestOptions options = RequestOptions.builder().idempotencyKey(key).build();
        UnansweredAttempts unanswered = new UnansweredAttempts();
        try (DockClient client = client(DockPlan.FREE, unanswered)) {
            RawResponse<DockSession> created;
            try {
                created = client.sessions().withRawResponse().create(params, options);
            } catch (VerifyKitException e) {
                // any attempt may have made the session, whatever ended the call (a retry refused 429)
                if (unanswered.seen) {
                    throw new ErrorReport.MayHaveArrived(e, key);
                }
                throw e;
            }
            Map<String, Object> json = Json.dock(created.value());
            json.put("idempotencyKey", key);
            output.print(json, describe(created.value()) + "\n  idempotency key " + Output.printable(key));
        }
    }

    @Command(name = "get", description = "Read a session once, or long-poll it with --wait.")
    void get(@Mixin Output output, @Parameters(paramLabel = "SESSION_ID", description = "The session id (vsn_…).") String id,
            @Option(names = "--wait", defaultValue = "0", converter = HumanDuration.class,
                    description = "Hold up to this long for a change, 0 to 25s (default 0).") Duration wait) {
        try (DockClient client = client(DockPlan.FREE)) {
            show(output, client.sessions().retrieve(id, wait));
        }
    }

    @Command(name = "wait", description = "Wait by long-poll until the session is completed or expired.")
    void await(@Mixin Output output, @Mixin WaitFlags wait, @Mixin Plan plan,
            @Parameters(paramLabel = "SESSION_ID", description = "The session id (vsn_…).") String id) {
        try (DockClient client = client(plan.plan)) {
            show(output, wait.await("dock " + id, options -> client.sessions().awaitCompletion(id, options)));
        }
    }

    @Command(name = "stream", description = "Follow the session over Server-Sent Events, printing each state, until it ends.")
    void stream(@Mixin Output output, @Mixin Plan plan,
            @Parameters(paramLabel = "SESSION_ID", description = "The session id (vsn_…).") String id)
            throws InterruptedException {
        try (DockClient client = client(plan.plan)) {
            StreamFollower.follow(client, id, session -> show(output, session), output.spec.commandLine().getErr());
        }
    }

    private DockClient client(DockPlan plan) {
        return client(plan, new VerifyKitListener() {});
    }

    private DockClient client(DockPlan plan, VerifyKitListener listener) {
        return Flags.atBaseUrl(spec, DockClient.builder(), baseUrl, "--base-url", "DOCK_BASE_URL", "Dock")
                .apiKey(Flags.required(spec, apiKey, "API key", "--api-key", "DOCK_API_KEY")).plan(plan)
                .listener(listener).build();
    }

    /**
     * Whether an attempt ended without a definite answer: no answer (a lost connection, a timeout), a
     * 5xx, or an answer that could not be read, a 2xx among them (its attempt is told answered, the
     * call fails after it: a body cut short, one about another pid). Such an attempt may have reached
     * Dock and made the session; one answered 4xx did not.
     */
    private static final class UnansweredAttempts implements VerifyKitListener {
        private volatile boolean seen;

        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            int status = attempt.status().orElse(0);
            if (status >= 200 && status < 300 || attempt.failure().isPresent() && (status < 400 || status >= 500)) {
                seen = true;
            }
        }
    }

    private static void show(Output output, DockSession s) {
        output.print(Json.dock(s), describe(s));
    }

    private static String describe(DockSession s) {
        StringBuilder text = new StringBuilder(Output.printable(s.id()) + "  " + Output.printable(s.status().raw())
                + "  expires " + s.expiresAt());
        s.statusReason().ifPresent(r -> text.append(" (").append(Output.printable(r)).append(")"));
        text.append("\n  verifyUrl ").append(Output.printable(s.verifyUrl()));
        if (s.reusedExisting()) {
            text.append("\n  reused the pending session of this client id");
        }
        s.result().ifPresent(link -> text.append("\n  link: discord ").append(Output.printable(link.discordId()))
                .append(" = roblox ").append(Output.printable(link.robloxId())).append(", version ").append(link.linkVersion())
                .append(link.linkChanged() ? ", changed from " + Output.printable(link.previousRobloxId().orElse("?")) : ""));
        return text.toString();
    }
}
