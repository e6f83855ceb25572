package dev.verifykit.event.internal;

import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.internal.Escapes;
import dev.verifykit.poll.WaitProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Request logging to standard error without configuring any logging framework, turned on by the
 * environment variable {@code VERIFYKIT_LOG} or the system property {@code verifykit.log}:
 * {@code info} prints each call's end, each retry, each wait's end, each webhook refusal and
 * each verified webhook's outcome;
 * {@code debug} also prints every attempt, wait progress, stream opens and closes and create-bucket
 * waits. It prints events, which hold no secret: endpoints are templates, never URLs, headers or
 * bodies. Read when a client is built; a value that is neither (a misspelt {@code debgu}) is
 * told once on standard error, naming the setting and the values it takes, and logs nothing.
 *
 * <pre>{@code
 * $ VERIFYKIT_LOG=debug java -jar app.jar
 * verifykit: dock POST /v2/sessions attempt 1: HTTP 200 in 41 ms (request req_8f2k)
 * }</pre>
 */
public final class StderrLog implements VerifyKitListener {
    /** The system property; the environment variable is {@value #VARIABLE}. */
    public static final String PROPERTY = "verifykit.log";
    /** The environment variable. */
    public static final String VARIABLE = "VERIFYKIT_LOG";

    /** The unknown setting last told of, so that each is told once, not at each client built. */
    private static final AtomicReference<String> UNKNOWN_TOLD = new AtomicReference<>();

    private final boolean debug;

    private StderrLog(boolean debug) {
        this.debug = debug;
    }

    /**
     * {@code listeners} with the standard-error log added when {@link #PROPERTY} (first) or
     * {@link #VARIABLE} asks for it.
     */
    public static List<VerifyKitListener> withConfigured(List<VerifyKitListener> listeners) {
        String name = PROPERTY;
        String level = System.getProperty(PROPERTY);
        if (level == null) {
            name = VARIABLE;
            level = System.getenv(VARIABLE);
        }
        if (level == null || level.isBlank()) {
            return listeners;
        }
        String normalized = level.trim().toLowerCase(Locale.ROOT);
        if (!normalized.equals("debug") && !normalized.equals("info")) {
            String told = name + "=" + level;
            if (!told.equals(UNKNOWN_TOLD.getAndSet(told))) {
                print(name + " is \"" + printable(level) + "\", not a level VerifyKit knows: it takes debug or info;"
                        + " nothing is logged");
            }
            return listeners;
        }
        List<VerifyKitListener> all = new ArrayList<>(listeners);
        all.add(new StderrLog(normalized.equals("debug")));
        return all;
    }

    /** {@code value} as one line, escaped as server text is, at most 40 characters of it. */
    private static String printable(String value) {
        String trimmed = value.trim();
        return Escapes.escaped(trimmed.length() > 40 ? trimmed.substring(0, 40) + "…" : trimmed);
    }

    private static void print(String line) {
        System.err.println("verifykit: " + line);
    }

    private static String call(CallStart call) {
        return call.service().label() + " " + call.operation();
    }

    private static String status(OptionalInt status) {
        return status.isPresent() ? "HTTP " + status.getAsInt() : "no answer";
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }

    @Override
    public void onAttempt(CallStart call, AttemptEnd attempt) {
        if (debug) {
            print(call(call) + " attempt " + attempt.number() + ": " + status(attempt.status())
                    + attempt.failure().map(f -> " (" + f + ")").orElse("") + " in " + millis(attempt.duration())
                    + attempt.requestId().map(id -> " (request " + id + ")").orElse(""));
        }
    }

    @Override
    public void onRetry(CallStart call, RetryEvent retry) {
        print(call(call) + " retry after attempt " + retry.attempt() + " (" + retry.reason() + ") in "
                + millis(retry.delay()) + retry.hint().map(h -> ", as the service asked").orElse(""));
    }

    @Override
    public void onCallEnd(CallStart call, CallEnd end) {
        String last = end.status().isPresent() ? " (" + status(end.status()) + ")" : "";
        print(call(call) + ": " + (end.succeeded() ? status(end.status())
                : end.failure().map(f -> "failed with " + f.getClass().getSimpleName() + last).orElse("cancelled" + last))
                + " after " + end.attempts() + (end.attempts() == 1 ? " attempt" : " attempts") + " in "
                + millis(end.duration()) + end.requestId().map(id -> " (request " + id + ")").orElse(""));
    }

    @Override
    public void onWaitStart(WaitStart wait) {
        if (debug) {
            print(wait.operation() + " #" + wait.id() + " started"
                    + wait.timeout().map(t -> ", deadline in " + millis(t)).orElse(""));
        }
    }

    @Override
    public void onWaitProgress(WaitStart wait, WaitProgress progress) {
        if (debug) {
            print(wait.operation() + " #" + wait.id() + ": " + progress.lastStatus() + ", " + progress.pollsUsed()
                    + progress.pollCap().stream().mapToObj(cap -> " of " + cap).findFirst().orElse("") + " polls used"
                    + progress.nextRequestIn().map(next -> ", next in " + millis(next)).orElse(""));
        }
    }

    @Override
    public void onWaitEnd(WaitStart wait, WaitEnd end) {
        print(wait.operation() + " #" + wait.id() + " ended " + end.outcome().name().toLowerCase(Locale.ROOT)
                + " after " + end.attempts() + " requests in " + millis(end.duration()));
    }

    @Override
    public void onStreamOpen(StreamEvent stream) {
        if (debug) {
            print(stream.service().label() + " stream of wait #" + stream.waitId() + " open"
                    + stream.requestId().map(id -> " (request " + id + ")").orElse(""));
        }
    }

    @Override
    public void onStreamClose(StreamEvent stream, StreamClose close) {
        if (debug) {
            print(stream.service().label() + " stream of wait #" + stream.waitId() + " closed: "
                    + close.reason().name().toLowerCase(Locale.ROOT) + " after " + millis(close.duration()) + ", "
                    + close.events() + " events");
        }
    }

    @Override
    public void onCreateBucketWait(CallStart call, BucketWait wait) {
        if (debug) {
            print(call(call) + " attempt " + wait.attempt() + " waits " + millis(wait.delay()) + " for the create bucket");
        }
    }

    @Override
    public void onWebhookRefused(WebhookRefusal refusal) {
        print("webhook refused: " + refusal.reason()
                + refusal.status().stream().mapToObj(s -> " (answer " + s + ")").findFirst().orElse(""));
    }

    @Override
    public void onWebhookOutcome(WebhookDelivery delivery) {
        print("webhook " + delivery.eventType() + ": " + delivery.outcome().toLowerCase(Locale.ROOT)
                + delivery.failure().map(f -> " (" + f.getClass().getSimpleName() + ")").orElse("")
                + delivery.handlerDuration().map(d -> ", handler ran " + millis(d)).orElse("")
                + " (answer " + delivery.status() + ")");
    }
}
