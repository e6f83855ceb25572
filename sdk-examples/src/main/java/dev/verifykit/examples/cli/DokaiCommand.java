package dev.verifykit.examples.cli;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.examples.HumanDuration;
import dev.verifykit.examples.Json;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code verifykit dokai create|get|wait}. */
@Command(name = "dokai", description = "Dokai hosted KYC sessions.")
public final class DokaiCommand {
    /** The longest interval the client's reads grow to by default. */
    private static final Duration LONGEST_GROWN_INTERVAL = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--api-key", scope = ScopeType.INHERIT, defaultValue = "${env:DOKAI_API_KEY}",
            description = "The Dokai API key (env DOKAI_API_KEY, better: a flag shows in process listings); required.")
    String apiKey;

    @Option(names = "--base-url", scope = ScopeType.INHERIT, defaultValue = "${env:DOKAI_BASE_URL}",
            description = "Dokai's base URL (env DOKAI_BASE_URL; default " + DokaiClient.DEFAULT_BASE_URL + ").")
    String baseUrl;

    @Command(name = "create", description = "Create a hosted verification session.")
    void create(@Mixin Output output,
            @Option(names = "--webhook-url", description = "Where Dokai POSTs the outcome (https; http only on loopback).")
                    String webhookUrl,
            @Option(names = "--document-type", description = "The expected document type, e.g. identity_card.")
                    String documentType,
            @Option(names = "--document-brand", description = "The expected regional variant.") String documentBrand) {
        CreateKycSessionParams params = CreateKycSessionParams.builder().webhookUrl(webhookUrl)
                .documentType(documentType).documentBrand(documentBrand).build();
        try (DokaiClient client = client().build()) {
            show(output, client.verifySessions().create(params));
        }
    }

    @Command(name = "get", description = "Read a session once.")
    void get(@Mixin Output output, @Parameters(paramLabel = "SESSION_ID", description = "The session id (ver_…).") String id) {
        try (DokaiClient client = client().build()) {
            show(output, client.verifySessions().retrieve(id));
        }
    }

    @Command(name = "wait", description = "Poll, backing off, until the session is verified, unverified, failed or expired.")
    void await(@Mixin Output output, @Mixin WaitFlags wait,
            @Parameters(paramLabel = "SESSION_ID", description = "The session id (ver_…).") String id,
            @Option(names = "--poll-interval", defaultValue = "2s", converter = HumanDuration.class,
                    description = "The first interval between reads; it grows to 30s, or stays at a longer one"
                            + " (default ${DEFAULT-VALUE}).")
                    Duration pollInterval) {
        DokaiClient.Builder builder = client().initialPollInterval(pollInterval);
        if (pollInterval.compareTo(LONGEST_GROWN_INTERVAL) > 0) {
            builder.maxPollInterval(pollInterval); // the client's longest would be shorter than the first
        }
        try (DokaiClient client = builder.build()) {
            show(output, wait.await("dokai " + id, options -> client.verifySessions().awaitResult(id, options)));
        }
    }

    private DokaiClient.Builder client() {
        return Flags.atBaseUrl(spec, DokaiClient.builder(), baseUrl, "--base-url", "DOKAI_BASE_URL", "Dokai")
                .apiKey(Flags.required(spec, apiKey, "API key", "--api-key", "DOKAI_API_KEY"));
    }

    private static void show(Output output, KycSession s) {
        StringBuilder text = new StringBuilder(Output.printable(s.id()) + "  " + Output.printable(s.status().raw()));
        s.expiresAt().ifPresent(e -> text.append("  expires ").append(e));
        s.url().ifPresent(u -> text.append("\n  url ").append(Output.printable(u)));
        s.faceMatch().ifPresent(f -> text.append("\n  face match ").append(f.matched()).append(" (")
                .append(f.score()).append(" against ").append(f.threshold()).append(")"));
        s.liveness().ifPresent(l -> text.append("\n  liveness ").append(l.passed()).append(" (").append(l.score()).append(")"));
        output.print(Json.kyc(s), text.toString());
    }
}
