package dev.verifykit.poll;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * How one wait behaves: when to give up, how often to ask while the result is pending, and who
 * hears about progress. Each service applies its own floor and cap on top: a poll interval below
 * the service's documented minimum is refused, not silently used.
 *
 * <pre>{@code
 * WaitOptions options = WaitOptions.builder()
 *         .timeout(Duration.ofMinutes(3))
 *         .pollInterval(Duration.ofSeconds(3))
 *         .maxRequests(40)
 *         .build();
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class WaitOptions {
    private static final WaitOptions DEFAULTS = builder().build();

    WaitOptions() {}

    /** The service's defaults: wait until the session ends, at the service's interval. */
    public static WaitOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with the service's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public abstract Builder toBuilder();

    /**
     * How long the wait may last at most, from its start; positive, at most 999,999,999 s. When the
     * next read at the poll interval would start at or past the deadline, the wait makes one last
     * read before it instead, twice its slowest read so far (at least 100 ms) ahead of the deadline,
     * if the service's minimum interval and its retry hint allow one then and the request limits are
     * not reached; a result that came in the last interval is not missed. Otherwise it ends with a
     * {@link dev.verifykit.error.WaitTimeoutException} when that read would be due; so too when a
     * request fails at or past the deadline (a long-poll the deadline cut), whatever
     * {@link #maxConsecutiveFailures()} allows.
     */
    public abstract Optional<Duration> timeout();

    /** The instant the wait gives up at the latest (its last read as {@link #timeout()} says). */
    public abstract Optional<Instant> deadline();

    /**
     * The interval between request starts while the result is pending, instead of the service's;
     * positive, and at least the service's minimum.
     */
    public abstract Optional<Duration> pollInterval();

    /**
     * The most requests this wait may make, at least 1. The wait then ends with a
     * {@link dev.verifykit.error.PollCapException} whose message and {@code option()} name this option
     * ({@code limit()} is this value), as it does at the session's poll cap, which the service sets;
     * the client's listener is told it as {@link dev.verifykit.event.WaitOutcome#REQUEST_LIMIT}, not
     * as {@code POLL_CAP}.
     */
    public abstract OptionalInt maxRequests();

    /**
     * How many transient failures in a row (those {@link dev.verifykit.http.RetryPolicy#isRetryable}
     * accepts: no response, HTTP 408, 429, 500, 502, 503 or 504, a malformed answer, a guardrail store
     * out of reach) the wait rides out, backing off between them: the next one ends the wait with that
     * failure. 0 to 1,000; 5 when not set. A success in between starts the count again. A request
     * cut by the wait's deadline, or by an interrupt of a blocking wait's thread, is not counted: the
     * wait ends timed out, or cancelled. (Stream opens of an SSE wait follow {@code StreamSettings}
     * before it falls back to long-polls.)
     */
    public abstract OptionalInt maxConsecutiveFailures();

    /** Who hears about progress, when someone does. */
    public abstract Optional<WaitListener> listener();

    @Value.Check
    void check() {
        timeout().ifPresent(value -> Require.positive("timeout", value));
        pollInterval().ifPresent(value -> Require.positive("pollInterval", value));
        maxRequests().ifPresent(value -> {
            if (value < 1) {
                throw new ValidationException("maxRequests", "must be at least 1 (was " + value + ")");
            }
        });
        maxConsecutiveFailures().ifPresent(value -> Require.between("maxConsecutiveFailures", value, 0, 1_000));
    }

    /**
     * Builds {@link WaitOptions}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range ({@code null} included; an
     * optional value set to {@code null} is unset).
     */
    public static final class Builder extends WaitOptionsValue.Builder {
        Builder() {}
    }
}
