package dev.verifykit.http;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.immutables.value.Value;

/**
 * How a client retries a request that failed in a way that may pass ({@link #isRetryable}: no
 * answer, HTTP 408, 429, 500, 502, 503 or 504, or an answer that was not the API's). Only requests
 * that are safe to repeat are retried: reads, and writes that carry an idempotency key; a request
 * that never reached the service (connection refused, DNS failure) is always safe. The same rule
 * decides which failures a wait rides out.
 *
 * <p>The wait before retry {@code n} (1-based) is drawn uniformly from
 * {@code [0, min(maxDelay, baseDelay × 2^(n-1))]} ("full jitter"). When the service sent
 * {@code Retry-After} (seconds or an HTTP date), the wait is that value (at least 0) plus a jitter
 * of up to {@code baseDelay}, so that many clients told the same instant do not all return at once;
 * a call told to wait longer than {@code maxRetryAfter} is not retried (its exception's
 * {@code retryAfter()} has the hint). A wait ({@code await…}) obeys a rate limit's whole hint
 * instead, as long as its deadline allows.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxRetries(4).maxDelay(Duration.ofSeconds(4)).build();
 * DockClient dock = DockClient.builder().apiKey(key).retryPolicy(policy).build();
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    RetryPolicy() {}

    /** Two retries, 0.5 s base, 8 s cap, {@code Retry-After} honoured up to 30 s. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A policy that never retries. */
    public static RetryPolicy none() {
        return builder().maxRetries(0).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this policy's values. */
    public abstract Builder toBuilder();

    /** Retries after the first attempt, 0 to 10. */
    @Value.Default
    public int maxRetries() {
        return 2;
    }

    /**
     * The first retry waits up to this long; each later one up to twice as long as the one before.
     * Positive.
     */
    @Value.Default
    public Duration baseDelay() {
        return Duration.ofMillis(500);
    }

    /** No backoff wait is longer than this; positive, and not shorter than the base delay. */
    @Value.Default
    public Duration maxDelay() {
        return Duration.ofSeconds(8);
    }

    /**
     * The longest {@code Retry-After} a call's retry waits for; a call told to wait longer is not
     * retried (a wait's retry after another refusal than a rate limit, a 503's, is shortened to it);
     * positive.
     */
    @Value.Default
    public Duration maxRetryAfter() {
        return Duration.ofSeconds(30);
    }

    /**
     * The source of jitter; a seeded generator makes waits reproducible in tests. By default the
     * calling thread's {@link ThreadLocalRandom} (safe to share between threads, and without the
     * service lookup of {@code RandomGenerator.getDefault()}, which cost a cold start about 30 ms).
     */
    @Value.Default
    @Value.Auxiliary
    RandomGenerator random() {
        return ThreadLocalRandom.current();
    }

    /**
     * Whether a failure may pass when the same request is sent again: no answer (a connection
     * failure, a reset, a timeout: {@link TransportException}), HTTP 408, 429, 500, 502, 503 or 504,
     * an answer that was not the API's ({@link MalformedResponseException}, which a read notices
     * while decoding), or a shared guardrail store out of reach ({@link StoreUnavailableException}:
     * nothing was sent). Anything else is final: bad input, credentials, a missing resource, a
     * redirect, a conflict, a used-up poll cap. The one rule for the transport's retries and the
     * waits' (whether a request may be repeated at all is the request's own matter).
     */
    public static boolean isRetryable(Throwable failure) {
        if (failure instanceof TransportException || failure instanceof MalformedResponseException
                || failure instanceof StoreUnavailableException) {
            return true;
        }
        return failure instanceof ApiException api && RETRYABLE_STATUSES.contains(api.httpStatus());
    }

    /** The wait before retry {@code retry} (1-based) when the service gave no hint. */
    public Duration backoff(int retry) {
        int doublings = Math.min(Math.max(retry - 1, 0), 30);
        long base = baseDelay().toNanos();
        long max = maxDelay().toNanos();
        // base × 2^doublings, but never past max (nor past a long: a base of 9 s doubled 30 times is)
        long capNanos = base > max >> doublings ? max : Math.min(max, base << doublings);
        return Duration.ofNanos((long) (random().nextDouble() * capNanos));
    }

    /**
     * Whether a call retries after the service asked it to wait {@code retryAfter}: not when that is
     * longer than {@link #maxRetryAfter()} (a retry sooner would be refused again; the caller gets
     * the hint in the exception's {@code retryAfter()}). The one rule for the transport's retries
     * and a single call's in the waiting engine.
     */
    public boolean retriesAfter(Duration retryAfter) {
        return Require.present("retryAfter", retryAfter).compareTo(maxRetryAfter()) <= 0;
    }

    /** The wait the service asked for, clamped and with jitter added. */
    public Duration afterHint(Duration retryAfter) {
        Require.present("retryAfter", retryAfter);
        Duration clamped = retryAfter.isNegative() ? Duration.ZERO
                : retryAfter.compareTo(maxRetryAfter()) > 0 ? maxRetryAfter() : retryAfter;
        return clamped.plusNanos((long) (random().nextDouble() * baseDelay().toNanos()));
    }

    @Value.Check
    void check() {
        Require.between("maxRetries", maxRetries(), 0, 10);
        Require.positive("baseDelay", baseDelay());
        Require.positive("maxDelay", maxDelay());
        Require.positive("maxRetryAfter", maxRetryAfter());
        Require.present("random", random());
        if (maxDelay().compareTo(baseDelay()) < 0) {
            throw new ValidationException("maxDelay", "must not be shorter than baseDelay");
        }
    }

    /**
     * Builds a {@link RetryPolicy}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range, {@code null} included.
     */
    public static final class Builder extends RetryPolicyValue.Builder {
        Builder() {}
    }
}
