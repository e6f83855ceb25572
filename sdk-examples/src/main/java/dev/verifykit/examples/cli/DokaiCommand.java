package dev.verifykit.examples.cli;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.examples.Json;
import dev.verifykit.examples.Progress;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code verifykit dokai create|get|wait}. */
@Command(name = "dokai", mixinStandardHelpOptions = true, description = "Dokai hosted KYC sessions.",
        subcommands = {DokaiCommand.Create.class, DokaiCommand.Get.class, DokaiCommand.Wait.class})
public final class DokaiCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, defaultValue = "${env:DOKAI_API_KEY}",
            description = "The Dokai API key (env DOKAI_API_KEY); required.")
    String apiKey;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, defaultValue = "${env:DOKAI_BASE_URL}",
            description = "Dokai's base URL (env DOKAI_BASE_URL; default " + DokaiClient.DEFAULT_BASE_URL + ").")
    String baseUrl;

    @Option(names = "--poll-interval", scope = ScopeType.INHERIT, defaultValue = "PT2S",
            description = "The first interval between reads of a wait; it grows to 30 s (default ${DEFAULT-VALUE}).")
    Duration pollInterval;

    DokaiClient client() {
        if (apiKey == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--api-key' (or env DOKAI_API_KEY)");
        }
        DokaiClient.Builder builder = DokaiClient.builder().apiKey(apiKey).initialPollInterval(pollInterval);
        if (baseUrl != null) {
            builder.baseUrl(baseUrl);
        }
        return builder.build();
    }

    static String describe(KycSession s) {
        StringBuilder text = new StringBuilder(s.id() + "  " + s.status().raw());
        s.expiresAt().ifPresent(e -> text.append("  expires ").append(e));
        s.url().ifPresent(u -> text.append("\n  url ").append(u));
        s.faceMatch().ifPresent(f -> text.append("\n  face match ").append(f.matched()).append(" (")
                .append(f.score()).append(" against ").append(f.threshold()).append(")"));
        s.liveness().ifPresent(l -> text.append("\n  liveness ").append(l.passed()).append(" (").append(l.score()).append(")"));
        return text.toString();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a hosted verification session.")
    static final class Create implements Runnable {
        @ParentCommand
        DokaiCommand dokai;

        @Mixin
        Output output;

        @Option(names = "--webhook-url", description = "Where Dokai POSTs the outcome (https; http only on loopback).")
        String webhookUrl;

        @Option(names = "--document-type", description = "The expected document type, e.g. identity_card.")
        String documentType;

        @Option(names = "--document-brand", description = "The expected regional variant.")
        String documentBrand;

        @Override
        public void run() {
            CreateKycSessionParams params = CreateKycSessionParams.builder().webhookUrl(webhookUrl)
                    .documentType(documentType).documentBrand(documentBrand).build();
            try (DokaiClient client = dokai.client()) {
                KycSession session = client.verifySessions().create(params);
                output.print(Json.kyc(session), describe(session));
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Read a session once.")
    static final class Get implements Runnable {
        @ParentCommand
        DokaiCommand dokai;

        @Mixin
        Output output;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (ver_…).")
        String sessionId;

        @Override
        public void run() {
            try (DokaiClient client = dokai.client()) {
                KycSession session = client.verifySessions().retrieve(sessionId);
                output.print(Json.kyc(session), describe(session));
            }
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Poll, backing off, until the session is verified, unverified, failed or expired.")
    static final class Wait implements Runnable {
        @ParentCommand
        DokaiCommand dokai;

        @Mixin
        Output output;

        @Parameters(paramLabel = "SESSION_ID", description = "The session id (ver_…).")
        String sessionId;

        @Mixin
        WaitFlags wait;

        @Override
        public void run() {
            Progress progress = wait.progress("dokai " + sessionId);
            try (DokaiClient client = dokai.client()) {
                KycSession session = client.verifySessions().awaitResult(sessionId, wait.options(progress));
                progress.done();
                output.print(Json.kyc(session), describe(session));
            }
        }
    }
}
