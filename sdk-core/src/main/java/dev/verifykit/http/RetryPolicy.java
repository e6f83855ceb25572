package dev.verifykit.http;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How a client retries a request that failed in a way that may pass ({@link #isRetryable}: no
 * answer, HTTP 408, 429, 500, 502, 503 or 504, or an answer that was not the API's). Only requests
 * that are safe to repeat are retried: reads, and writes that carry an idempotency key; a request
 * that never reached the service (connection refused, DNS failure) is always safe. The same rule
 * decides which failures a wait rides out.
 *
 * <p>The wait before retry {@code n} (1-based) is drawn uniformly from
 * {@code [0, min(maxDelay, baseDelay × 2^(n-1))]} ("full jitter"). When the service sent
 * {@code Retry-After} (seconds or an HTTP date), the wait is that value clamped to
 * {@code [0, maxRetryAfter]} plus a jitter of up to {@code baseDelay}, so that many clients told the
 * same instant do not all return at once.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder().maxRetries(4).maxDelay(Duration.ofSeconds(4)).build();
 * DockClient dock = DockClient.builder().apiKey(key).retryPolicy(policy).build();
 * }</pre>
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private final int maxRetries;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    private RetryPolicy(Builder builder) {
        this.maxRetries = builder.maxRetries;
        this.baseDelay = builder.baseDelay;
        this.maxDelay = builder.maxDelay;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.random = builder.random;
    }

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

    /** Retries after the first attempt (0 to 10). */
    public int maxRetries() {
        return maxRetries;
    }

    /** The first retry waits up to this long; each later one up to twice as long as the one before. */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** No backoff wait is longer than this. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** A {@code Retry-After} longer than this is shortened to it. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
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
        long capNanos = Math.min(maxDelay.toNanos(), baseDelay.toNanos() << Math.min(Math.max(retry - 1, 0), 30));
        return Duration.ofNanos((long) (random.nextDouble() * capNanos));
    }

    /** The wait the service asked for, clamped and with jitter added. */
    public Duration afterHint(Duration retryAfter) {
        Duration clamped = retryAfter.isNegative() ? Duration.ZERO
                : retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        return clamped.plusNanos((long) (random.nextDouble() * baseDelay.toNanos()));
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder().maxRetries(maxRetries).baseDelay(baseDelay).maxDelay(maxDelay)
                .maxRetryAfter(maxRetryAfter).random(random);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxRetries=" + maxRetries + ", baseDelay=" + baseDelay + ", maxDelay=" + maxDelay
                + ", maxRetryAfter=" + maxRetryAfter + "}";
    }

    /** Builds a {@link RetryPolicy}; every setter checks its value at once. */
    public static final class Builder {
        private int maxRetries = 2;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(8);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private RandomGenerator random = RandomGenerator.getDefault();

        private Builder() {}

        /** Retries after the first attempt, 0 to 10. */
        public Builder maxRetries(int value) {
            this.maxRetries = Require.between("maxRetries", value, 0, 10);
            return this;
        }

        /** The cap of the first backoff wait; positive. */
        public Builder baseDelay(Duration value) {
            this.baseDelay = Require.positive("baseDelay", value);
            return this;
        }

        /** The cap of every backoff wait; positive. */
        public Builder maxDelay(Duration value) {
            this.maxDelay = Require.positive("maxDelay", value);
            return this;
        }

        /** The longest {@code Retry-After} obeyed as given; longer ones are shortened to it. */
        public Builder maxRetryAfter(Duration value) {
            this.maxRetryAfter = Require.positive("maxRetryAfter", value);
            return this;
        }

        /** The source of jitter; a seeded generator makes waits reproducible in tests. */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** The policy. */
        public RetryPolicy build() {
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new ValidationException("maxDelay", "must not be shorter than baseDelay");
            }
            return new RetryPolicy(this);
        }
    }
}
