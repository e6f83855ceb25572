package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
import dev.verifykit.examples.WebhookReceiver;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verifykit webhook verify|serve}. */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Verify Dokai webhook signatures.",
        subcommands = {WebhookCommand.Verify.class, WebhookCommand.Serve.class})
public final class WebhookCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--secret", scope = ScopeType.INHERIT, description = "The webhook secret (default: env DOKAI_WEBHOOK_SECRET); "
            + "repeat it to accept several (rotation).")
    List<String> secrets;

    @Option(names = "--tolerance", scope = ScopeType.INHERIT, defaultValue = "PT5M",
            description = "How far a signed timestamp may be from now, either way (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration tolerance;

    WebhookVerifier verifier() {
        List<String> chosen = secrets;
        if (chosen == null || chosen.isEmpty()) {
            String env = System.getenv("DOKAI_WEBHOOK_SECRET");
            if (env == null) {
                throw new ParameterException(spec.commandLine(),
                        "Missing required option: '--secret' (or env DOKAI_WEBHOOK_SECRET)");
            }
            chosen = List.of(env);
        }
        return WebhookVerifier.builder().secrets(chosen).tolerance(tolerance).build();
    }

    static String describe(DokaiWebhookEvent event) {
        if (event instanceof DokaiWebhookEvent.Completed c) {
            return "verified: " + c.type() + " for " + c.session().id() + " (" + c.session().status().raw() + ")";
        }
        if (event instanceof DokaiWebhookEvent.Failed f) {
            return "verified: " + f.type() + " for " + f.session().id();
        }
        return "verified: an event this SDK does not know: " + event.type();
    }

    static Object sessionOf(DokaiWebhookEvent event) {
        if (event instanceof DokaiWebhookEvent.Completed c) {
            return Json.kyc(c.session());
        }
        return event instanceof DokaiWebhookEvent.Failed f ? Json.kyc(f.session()) : null;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify one delivery: the X-Dokai-Signature header value and the raw body as received.")
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        WebhookCommand webhook;

        @Mixin
        Output output;

        @Option(names = "--header", required = true, description = "The X-Dokai-Signature header value.")
        String header;

        @Option(names = "--body-file", required = true, description = "A file holding the raw body, byte for byte.")
        Path bodyFile;

        @Override
        public Integer call() throws Exception {
            DokaiWebhookEvent event = webhook.verifier().verifyAndParse(Files.readAllBytes(bodyFile), header);
            output.print(Json.of("verified", true, "event", event.type(), "session", sessionOf(event)), describe(event));
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Receive deliveries on http://HOST:PORT" + WebhookReceiver.PATH + ", verifying each.")
    static final class Serve implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        WebhookCommand webhook;

        @Mixin
        Output output;

        @Option(names = "--port", defaultValue = "8787", description = "The port (default ${DEFAULT-VALUE}; 0 for a free one).")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address to listen on (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--max-events", defaultValue = "0",
                description = "Stop after this many accepted deliveries (default: run until interrupted).")
        int maxEvents;

        @Override
        public Integer call() throws Exception {
            CountDownLatch enough = new CountDownLatch(maxEvents > 0 ? maxEvents : Integer.MAX_VALUE);
            try (WebhookReceiver receiver = WebhookReceiver.start(host, port, webhook.verifier(), line -> {
                    output.spec.commandLine().getErr().println(line);
                })) {
                output.print(Json.of("listening", receiver.url()), "listening on " + receiver.url());
                while (enough.getCount() > 0) {
                    DokaiWebhookEvent event = receiver.next(Duration.ofSeconds(1));
                    if (event != null) {
                        output.print(Json.of("event", event.type(), "session", sessionOf(event)), describe(event));
                        enough.countDown();
                    }
                }
            }
            return 0;
        }
    }
}
