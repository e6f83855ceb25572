package dev.verifykit.http;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-call overrides: a timeout for the whole call including its retries, the number of
 * retries, an idempotency key, and extra headers.
 *
 * <pre>{@code
 * RequestOptions options = RequestOptions.builder()
 *         .idempotencyKey(IdempotencyKey.derive("signup", userId))
 *         .timeout(Duration.ofSeconds(5))
 *         .maxRetries(0)
 *         .build();
 * dock.sessions().create(params, options);
 * }</pre>
 */
public final class RequestOptions {
    private static final RequestOptions NONE = builder().build();

    private final Duration timeout;
    private final Integer maxRetries;
    private final IdempotencyKey idempotencyKey;
    private final Map<String, String> headers;

    private RequestOptions(Builder builder) {
        this.timeout = builder.timeout;
        this.maxRetries = builder.maxRetries;
        this.idempotencyKey = builder.idempotencyKey;
        this.headers = Map.copyOf(builder.headers);
    }

    /** No overrides: the client's settings apply. */
    public static RequestOptions none() {
        return NONE;
    }

    /** A builder with no overrides. */
    public static Builder builder() {
        return new Builder();
    }

    /** The time the whole call, retries included, may take. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Retries for this call instead of the client's policy. */
    public OptionalInt maxRetries() {
        return maxRetries == null ? OptionalInt.empty() : OptionalInt.of(maxRetries);
    }

    /** The idempotency key to send instead of a generated one. */
    public Optional<IdempotencyKey> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Extra headers to send. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timeout = timeout;
        builder.maxRetries = maxRetries;
        builder.idempotencyKey = idempotencyKey;
        builder.headers.putAll(headers);
        return builder;
    }

    @Override
    public String toString() {
        return "RequestOptions{timeout=" + timeout + ", maxRetries=" + maxRetries + ", idempotencyKey="
                + idempotencyKey + ", headers=" + headers.keySet() + "}";
    }

    /** Builds {@link RequestOptions}; every setter checks its value at once. */
    public static final class Builder {
        private Duration timeout;
        private Integer maxRetries;
        private IdempotencyKey idempotencyKey;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        /** The time the whole call, retries included, may take; positive. */
        public Builder timeout(Duration value) {
            this.timeout = Require.positive("timeout", value);
            return this;
        }

        /** Retries for this call, 0 to 10. */
        public Builder maxRetries(int value) {
            this.maxRetries = Require.between("maxRetries", value, 0, 10);
            return this;
        }

        /** The idempotency key to send; the same key is sent on every retry. */
        public Builder idempotencyKey(IdempotencyKey value) {
            this.idempotencyKey = Require.present("idempotencyKey", value);
            return this;
        }

        /** The idempotency key to send, checked as by {@link IdempotencyKey#of}. */
        public Builder idempotencyKey(String value) {
            return idempotencyKey(IdempotencyKey.of(value));
        }

        /**
         * An extra header; the credentials and {@code User-Agent} headers cannot be replaced. The value
         * must be printable ASCII (no control character, no line break).
         */
        public Builder header(String name, String value) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw new ValidationException("headers", "a header name must be a non-empty HTTP token");
            }
            Require.present("headers", value);
            String problem = Require.headerProblem(value);
            if (problem != null) {
                throw new ValidationException("headers", "the value of " + name
                        + " must contain only printable ASCII characters (found " + problem + ")");
            }
            headers.put(name, value);
            return this;
        }

        /** The options. */
        public RequestOptions build() {
            return new RequestOptions(this);
        }

        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }
}
