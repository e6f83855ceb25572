package dev.verifykit.examples.cli;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.examples.HumanDuration;
import dev.verifykit.examples.Json;
import dev.verifykit.examples.WebhookReceiver;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code verifykit webhook verify|serve}. */
@Command(name = "webhook", description = "Verify Dokai webhook signatures.")
public final class WebhookCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--secret", scope = ScopeType.INHERIT, defaultValue = "${env:DOKAI_WEBHOOK_SECRET}",
            description = "The webhook secret (env DOKAI_WEBHOOK_SECRET, better: a flag shows in process listings); required; repeat it to accept several (rotation).")
    List<String> secrets;

    @Option(names = "--tolerance", scope = ScopeType.INHERIT, defaultValue = "5m", converter = HumanDuration.class,
            description = "How far a signed timestamp may be from now, either way; at most 1h (default ${DEFAULT-VALUE}).")
    Duration tolerance;

    @Command(name = "verify", description = "Verify one delivery: the X-Dokai-Signature header value and the raw body "
            + "as received. With --json, a refused delivery prints {\"verified\":false,\"reason\":…} and exits with 1.")
    int verify(@Mixin Output output,
            @Option(names = "--header", required = true,
                    description = "The X-Dokai-Signature header's value (a whole `X-Dokai-Signature: …` line is taken too).")
                    String header,
            @Option(names = "--body-file", required = true, converter = ReadableFile.class, paramLabel = "FILE",
                    description = "A file holding the raw body, byte for byte.") Path bodyFile) throws IOException {
        WebhookVerifier verifier = verifier();
        String signature = headerValue(header);
        if (signature.isBlank()) { // a flag given empty is bad usage, not a delivery refused
            throw new ParameterException(spec.commandLine(), "--header is empty (pass the X-Dokai-Signature header's value)");
        }
        DokaiWebhookEvent event;
        try (InputStream body = Files.newInputStream(bodyFile)) {
            event = verifier.verifyAndParse(body, signature); // reads at most the verifier's limit, 1 MiB
        } catch (WebhookVerificationException refused) {
            if (!output.json()) {
                throw refused;
            }
            output.print(Json.of("verified", false, "reason", refused.reason().name(), "message", refused.getMessage()), null);
            return ErrorReport.FAILED;
        } catch (IOException | UncheckedIOException unreadable) {
            // passed ReadableFile's checks, then failed as it was opened or read: bad usage as a file
            // found unreadable before is, named by its flag
            Throwable cause = unreadable instanceof UncheckedIOException u ? u.getCause() : unreadable;
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--body-file': " + bodyFile
                    + ": cannot be read (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
        }
        show(output, event, Json.of("verified", true));
        return 0;
    }

    @Command(name = "serve", description = "Receive deliveries on http://HOST:PORT" + WebhookReceiver.PATH + ", verifying each.")
    void serve(@Mixin Output output,
            @Option(names = "--port", defaultValue = "8787", description = "The port (default ${DEFAULT-VALUE}; 0 for a free one).")
                    int port,
            @Option(names = "--host", defaultValue = "127.0.0.1",
                    description = "The address to listen on (default ${DEFAULT-VALUE}).") String host,
            @Option(names = "--max-events", defaultValue = "0",
                    description = "Stop after this many accepted deliveries (default: run until interrupted).") int maxEvents)
            throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535 (was " + port + ")");
        }
        if (Flags.given(host) == null) {
            throw new ParameterException(spec.commandLine(), "--host is empty (leave it out to listen on 127.0.0.1)");
        }
        if (maxEvents < 0) {
            throw new ParameterException(spec.commandLine(), "--max-events must be 0 or more (was " + maxEvents + ")");
        }
        try {
            java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new ParameterException(spec.commandLine(),
                    "--host must be an address or a name this machine resolves (was " + host + ")");
        }
        WebhookVerifier verifier = verifier();
        Printer printer = new Printer(output, maxEvents);
        WebhookReceiver started;
        try {
            // each line may quote the delivery (an event type this SDK does not know): shown as server text is
            PrintWriter err = output.spec.commandLine().getErr();
            started = WebhookReceiver.start(host, port, verifier, printer, line -> err.println(Output.printable(line)));
        } catch (java.net.BindException e) {
            java.net.BindException named = new java.net.BindException("cannot listen on " + host + ":" + port + ": "
                    + e.getMessage());
            named.initCause(e);
            throw named;
        }
        try (WebhookReceiver receiver = started) {
            output.print(Json.of("listening", receiver.url()), "listening on " + receiver.url());
            printer.enough.await();
        }
        if (printer.outputFailed != null) {
            throw printer.outputFailed; // exit 1, said on standard error
        }
    }

    /**
     * Prints each event before its delivery is answered (an event answered 204 and then not printed
     * would be lost: the sender does not deliver it again), one at a time; past {@code --max-events}
     * it takes no more, and those deliveries are answered 503 at once so that the sender retries them.
     * When standard output cannot be written, that delivery is answered 500 and the command stops
     * (exit 1): later ones are answered 503 meanwhile, all sent again by the sender to the next run.
     */
    private static final class Printer implements WebhookHandler {
        final CountDownLatch enough = new CountDownLatch(1);
        volatile UncheckedIOException outputFailed;
        private final Output output;
        private final int maxEvents;
        private final AtomicInteger taken = new AtomicInteger();
        private final AtomicInteger printed = new AtomicInteger();

        Printer(Output output, int maxEvents) {
            this.output = output;
            this.maxEvents = maxEvents;
        }

        @Override
        public void handle(DokaiWebhookEvent event) throws WebhookReceiver.NotAccepting {
            if (outputFailed != null) {
                throw new WebhookReceiver.NotAccepting("standard output could not be written; stopping");
            }
            if (maxEvents > 0 && taken.incrementAndGet() > maxEvents) {
                throw new WebhookReceiver.NotAccepting("--max-events " + maxEvents + " were taken; stopping");
            }
            try {
                synchronized (this) {
                    show(output, event, Json.of());
                }
            } catch (RuntimeException e) {
                taken.decrementAndGet(); // not printed: the sender delivers it again, to this run if it is still up
                if (e instanceof UncheckedIOException unwritable) {
                    // a write that failed leaves the output's error flag set for good: every later event
                    // would be printed and answered 500, over and over; the sender keeps them for a new run
                    outputFailed = unwritable;
                    enough.countDown();
                }
                throw e;
            }
            if (printed.incrementAndGet() == maxEvents) {
                enough.countDown();
            }
        }
    }

    /**
     * The signature from {@code --header}: its value as given, or, when a whole header line was
     * pasted (as {@code curl -v} or a proxy's log shows it), the value after its name ({@code curl -v}
     * starts a header it sent with {@code > }, one it received with {@code < }).
     */
    static String headerValue(String given) {
        int colon = given.indexOf(':');
        String name = colon > 0 ? given.substring(0, colon).replaceFirst("^\\s*[<>]", "").strip() : "";
        // in ASCII case only, as WebhookVerifier finds the header: equalsIgnoreCase takes 'ı' for 'i'
        // and 'ſ' for 's', so another header's line for this one
        if (name.chars().allMatch(c -> c < 0x80) && name.equalsIgnoreCase(SIGNATURE_HEADER)) {
            return given.substring(colon + 1).strip();
        }
        return given;
    }

    private static final String SIGNATURE_HEADER = "X-Dokai-Signature";

    private WebhookVerifier verifier() {
        List<String> secrets = secrets();
        List<String> given = secrets.stream().filter(s -> Flags.given(s) != null).toList();
        if (!given.isEmpty() && given.size() < secrets.size()) {
            throw new ParameterException(spec.commandLine(), "--secret was given empty (each secret must have text)");
        }
        if (given.isEmpty()) {
            throw Flags.missing(spec, "webhook secret", "--secret", "DOKAI_WEBHOOK_SECRET");
        }
        return WebhookVerifier.builder().secrets(given).tolerance(tolerance).build();
    }

    /**
     * Every {@code --secret} typed, before the subcommand and after it ({@code webhook --secret OLD
     * verify --secret NEW}): picocli gives each level its own copy of the inherited option, and the
     * one matched last set the shared field alone, dropping the others. {@code DOKAI_WEBHOOK_SECRET}
     * when none was typed.
     */
    private List<String> secrets() {
        List<String> typed = new ArrayList<>();
        for (ParseResult level = spec.root().commandLine().getParseResult(); level != null; level = level.subcommand()) {
            OptionSpec option = level.matchedOption("--secret");
            if (option != null) {
                typed.addAll(option.stringValues());
            }
        }
        if (!typed.isEmpty()) {
            return typed;
        }
        return secrets == null ? List.of() : secrets;
    }

    private static void show(Output output, DokaiWebhookEvent event, Map<String, Object> json) {
        json.put("event", event.type());
        if (event instanceof DokaiWebhookEvent.Completed c) {
            json.put("session", Json.kyc(c.session()));
            output.print(json, "verified: " + Output.printable(c.type()) + " for " + Output.printable(c.session().id()) + " ("
                    + Output.printable(c.session().status().raw()) + ")");
        } else if (event instanceof DokaiWebhookEvent.Failed f) {
            json.put("session", Json.kyc(f.session()));
            output.print(json, "verified: " + Output.printable(f.type()) + " for " + Output.printable(f.session().id()));
        } else {
            output.print(json, "verified: an event this SDK does not know: " + Output.printable(event.type()));
        }
    }
}
