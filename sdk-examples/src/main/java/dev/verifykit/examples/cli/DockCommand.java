package dev.verifykit.examples.cli;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.examples.Json;
import dev.verifykit.examples.Progress;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.sse.DockSessionStreams;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code verifykit dock create|get|wait|stream}. */
@Command(name = "dock", mixinStandardHelpOptions = true, description = "Dock verification sessions.",
        subcommands = {DockCommand.Create.class, DockCommand.Get.class, DockCommand.Wait.class, DockCommand.Stream.class})
public final class DockCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, defaultValue = "${env:DOCK_API_KEY}",
            description = "The Dock API key (env DOCK_API_KEY); required.")
    String apiKey;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, defaultValue = "${env:DOCK_BASE_URL}",
            description = "Dock's base URL (env DOCK_BASE_URL; default " + DockClient.DEFAULT_BASE_URL + ").")
    String baseUrl;

    @Option(names = "--plan", scope = ScopeType.INHERIT, defaultValue = "FREE",
            description = "The key's plan: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    DockPlan plan;

    DockClient client() {
        if (apiKey == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--api-key' (or env DOCK_API_KEY)");
        }
        DockClient.Builder builder = DockClient.builder().apiKey(apiKey).plan(plan);
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    static String describe(DockSession s) {
        StringBuilder text = new StringBuilder(s.id() + "  " + s.status().raw() + "  expires " + s.expiresAt());
        s.statusReason().ifPresent(r -> text.append(" (").append(r).append(")"));
        text.append("\n  verifyUrl ").append(s.verifyUrl());
        if (s.reusedExisting()) {
            text.append("\n  reused the pending session of this client id");
        }
        s.result().ifPresent(link -> text.append("\n  link: discord ").append(link.discordId()).append(" = roblox ")
                .append(link.robloxId()).append(", version ").append(link.linkVersion())
                .append(link.linkChanged() ? ", changed from " + link.previousRobloxId().orElse("?") : ""));
        return text.toString();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a session (or get the pending one).")
    static final class Create implements Runnable {
        @ParentCommand
        DockCommand dock;

        @Mixin
        Output output;

        @Option(names = "--pid", required = true, description = "The public identifier of your API key.")
        String pid;

        @Option(names = "--client-id", required = true, description = "Your id for the user (at most 128 characters).")
        String clientId;

        @Option(names = "--guild-id", description = "A Discord guild id (17 to 20 digits).")
        String guildId;

        @Option(names = "--idempotency-key", description = "Your key for safe retries (default: a random one).")
        String idempotencyKey;

        @Override
        public void run() {
            CreateSessionParams params = CreateSessionParams.builder().pid(pid).clientId(clientId).guildId(guildId).build();
            RequestOptions options = idempotencyKey == null ? RequestOptions.none()
                    : RequestOptions.builder().idempotencyKey(idempotencyKey).build();
            try (DockClient client = dock.client()) {
                RawResponse<DockSession> created = client.sessions().withRawResponse().create(params, options);
                DockSession session = created.value();
                String key = created.idempotencyKey().map(IdempotencyKey::value).orElse(null);
                Map<String, Object> json = Json.dock(session);
                json.put("idempotencyKey", key);
                output.print(json, describe(session) + "\n  idempotency key " + key);
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Read a session once, or long-poll it with --wait.")
    static final class Get implements Runnable {
        @ParentCommand
        DockCommand dock;

        @Mixin
        Output output;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (vsn_…).")
        String sessionId;

        @Option(names = "--wait", defaultValue = "0", description = "Hold up to this many seconds (0 to 25) for a change.")
        int waitSeconds;

        @Override
        public void run() {
            try (DockClient client = dock.client()) {
                DockSession session = client.sessions().retrieve(sessionId, Duration.ofSeconds(waitSeconds));
                output.print(Json.dock(session), describe(session));
            }
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Wait by long-poll until the session is completed or expired.")
    static final class Wait implements Runnable {
        @ParentCommand
        DockCommand dock;

        @Mixin
        Output output;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (vsn_…).")
        String sessionId;

        @Mixin
        WaitFlags wait;

        @Override
        public void run() {
            Progress progress = wait.progress("dock " + sessionId);
            try (DockClient client = dock.client()) {
                DockSession session = client.sessions().awaitCompletion(sessionId, wait.options(progress));
                progress.done();
                output.print(Json.dock(session), describe(session));
            }
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "Follow the session over Server-Sent Events, printing each state, until it ends.")
    static final class Stream implements Runnable {
        @ParentCommand
        DockCommand dock;

        @Mixin
        Output output;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (vsn_…).")
        String sessionId;

        @Override
        public void run() {
            CountDownLatch closed = new CountDownLatch(1);
            AtomicReference<VerifyKitException> failure = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
            try (DockClient client = dock.client();
                    SessionStream stream = DockSessionStreams.of(client).open(sessionId, new SessionListener() {
                        @Override
                        public void onSession(DockSession session) {
                            output.print(Json.dock(session), describe(session));
                        }

                        @Override
                        public void onTerminal(DockSession session) {
                            ended.set(true);
                        }

                        @Override
                        public void onError(VerifyKitException error) {
                            failure.set(error);
                            output.spec.commandLine().getErr().println("warning: " + error.getMessage());
                        }

                        @Override
                        public void onClosed() {
                            closed.countDown();
                        }
                    })) {
                closed.await();
                if (!ended.get() && failure.get() != null) {
                    throw failure.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
