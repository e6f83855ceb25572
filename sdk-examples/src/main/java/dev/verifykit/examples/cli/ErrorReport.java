package dev.verifykit.examples.cli;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.examples.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a command that went wrong prints, and its exit code: one line {@code error: …} on standard
 * error, or with {@code --json} one object {@code {"error":{…}}} on standard output. Bad usage (a
 * flag, a value, a missing credential or file) exits with 2, anything refused or failed with 1, an
 * interrupted command with 130 and prints nothing.
 * No secret the command line was given is repeated.
 */
public final class ErrorReport {
    /** Refused or failed. */
    public static final int FAILED = 1;
    /** Bad usage. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** Interrupted: the code a shell gives a command Ctrl-C ended (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    /**
     * The flag that gives each value the SDK checks, by the name the SDK's check gives it: a refusal
     * names what the user typed ({@code --poll-interval}, not {@code initialPollInterval}).
     */
    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("apiKey", "--api-key"),
            Map.entry("baseUrl", "--base-url"), Map.entry("pid", "--pid"), Map.entry("clientId", "--client-id"),
            Map.entry("guildId", "--guild-id"), Map.entry("idempotencyKey", "--idempotency-key"),
            Map.entry("webhookUrl", "--webhook-url"), Map.entry("documentType", "--document-type"),
            Map.entry("documentBrand", "--document-brand"), Map.entry("code", "--code"),
            Map.entry("robloxUserId", "--user-id"), Map.entry("verificationSecret", "--secret"),
            Map.entry("secrets", "--secret"), Map.entry("jwt", "--jwt"), Map.entry("wait", "--wait"),
            Map.entry("timeout", "--timeout"), Map.entry("tolerance", "--tolerance"),
            Map.entry("pollInterval", "--poll-interval"), Map.entry("initialPollInterval", "--poll-interval"),
            Map.entry("maxPollInterval", "--poll-interval"));

    private ErrorReport() {}

    /** A field named with its place in a list ({@code secrets[0]}) by the list's name. */
    private static String unindexed(String field) {
        int bracket = field.indexOf('[');
        return bracket < 0 ? field : field.substring(0, bracket);
    }

    /** Reports bad usage. */
    public static int usage(ParameterException e, String[] args) {
        String message = e instanceof UnmatchedArgumentException unmatched ? unmatched(unmatched.getUnmatched())
                : e.getMessage();
        // picocli's message quotes the value as typed: its control characters and line breaks escaped, as in
        // any other error (a secret hidden first, as typed, so that escaping it cannot keep it from being found)
        return print(e.getCommandLine(), args, Json.of("type", "UsageError", "message", message),
                Output.printable(SecretArguments.of(args).hide(message)), USAGE);
    }

    /**
     * A create that failed after it may have reached the server (a 5xx, a lost connection, an
     * answer that could not be read): the report gives the idempotency key that sends it again
     * without making a second one.
     */
    static final class MayHaveArrived extends RuntimeException {
        private final String idempotencyKey;

        MayHaveArrived(VerifyKitException failure, String idempotencyKey) {
            super(failure);
            this.idempotencyKey = idempotencyKey;
        }
    }

    /**
     * Reports a command that threw {@code e}. A command whose thread was interrupted (an
     * {@code InterruptedException}, or a wait the interrupt cancelled, which leaves the thread's flag
     * set) ends as Ctrl-C ends the process: 130, nothing printed, but for a create that may have
     * been made, whose idempotency key is still printed.
     */
    public static int failure(Exception e, CommandLine command, String[] args) {
        boolean interrupted = e instanceof InterruptedException || Thread.currentThread().isInterrupted();
        if (e instanceof MayHaveArrived unsure) {
            // said even when interrupted: the key (a random one) is the only way to that session without a second
            VerifyKitException failure = (VerifyKitException) unsure.getCause();
            Map<String, Object> error = fields(failure);
            error.put("idempotencyKey", unsure.idempotencyKey);
            return print(command, args, error, Output.printable(failure.getMessage()
                    + " (it may have been created: the same command with --idempotency-key " + unsure.idempotencyKey
                    + " gets that session instead of a second one)"), interrupted ? INTERRUPTED : FAILED);
        }
        if (interrupted) {
            return INTERRUPTED;
        }
        String flag = e instanceof ValidationException refused ? FLAGS.get(unindexed(refused.field())) : null;
        String text = flag != null ? flag + ": " + ((ValidationException) e).rule()
                : e instanceof VerifyKitException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        // a value the SDK refused before sending anything came from a flag or an argument: bad usage;
        // a message may quote a server (the SDK escapes what it quotes; a message of another's may not)
        Map<String, Object> error = fields(e);
        if (flag != null) {
            error.put("message", text); // named by the flag with --json too, as in the line without it
        }
        return print(command, args, error, Output.printable(text), e instanceof ValidationException ? USAGE : FAILED);
    }

    private static int print(CommandLine command, String[] args, Map<String, Object> error, String text, int exitCode) {
        SecretArguments secrets = SecretArguments.of(args);
        if (Output.requested(args)) {
            error.computeIfPresent("message", (name, message) -> secrets.hide((String) message));
            command.getOut().println(Json.write(Json.of("error", error)));
            command.getOut().flush();
        } else {
            command.getErr().println("error: " + secrets.hide(text));
            command.getErr().flush();
        }
        return exitCode;
    }

    private static Map<String, Object> fields(Exception e) {
        Map<String, Object> error = Json.of("type", e.getClass().getSimpleName(), "message", e.getMessage());
        if (e instanceof VerifyKitException v) {
            error.putAll(Json.of("service", v.service().map(Service::label).orElse(null),
                    "requestId", v.requestId().orElse(null)));
        }
        if (e instanceof ApiException api) {
            error.putAll(Json.of("status", api.httpStatus(), "code", api.code().orElse(null),
                    "retryAfterSeconds", api.retryAfter().map(d -> d.toMillis() / 1000.0).orElse(null)));
        }
        if (e instanceof ValidationException v) {
            error.put("field", v.field());
        }
        if (e instanceof WebhookVerificationException w) {
            error.put("reason", w.reason().name());
        }
        return error;
    }

    /** Unknown options by their name only, and other arguments only when they look like a word, not a secret. */
    private static String unmatched(List<String> unmatched) {
        boolean options = unmatched.stream().allMatch(arg -> arg.startsWith("-"));
        String shown = unmatched.stream()
                .map(arg -> arg.startsWith("-") ? arg.split("=", 2)[0] : arg.matches("[A-Za-z][A-Za-z-]{0,23}") ? arg : "…")
                .map(arg -> "'" + arg + "'")
                .collect(Collectors.joining(", "));
        return (options ? "unknown option" : "unexpected argument") + (unmatched.size() > 1 ? "s " : " ") + shown
                + (shown.contains("'…'") ? " (not shown: it may be a secret)" : "");
    }
}
