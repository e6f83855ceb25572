package dev.verifykit.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A call's answer with what came with it: the HTTP status, the headers, the request id, the
 * rate-limit figures, the idempotency key sent, how many attempts it took, and the parsed value.
 * Every client gives this form through {@code withRawResponse()}.
 *
 * <pre>{@code
 * RawResponse<DockSession> raw = dock.sessions().withRawResponse().create(params);
 * log.info("created {} (request {}, key {}, {} left this window)", raw.value().id(),
 *         raw.requestId().orElse("-"), raw.idempotencyKey().map(IdempotencyKey::value).orElse("-"),
 *         raw.rateLimit().flatMap(r -> r.remaining().isPresent() ? Optional.of(r.remaining().getAsInt()) : Optional.empty()));
 * }</pre>
 *
 * @param <T> the parsed value
 */
public final class RawResponse<T> {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final String requestId;
    private final RateLimitInfo rateLimit;
    private final IdempotencyKey idempotencyKey;
    private final int attempts;
    private final T value;

    private RawResponse(Builder<T> b) {
        this.statusCode = b.statusCode;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = java.util.Collections.unmodifiableMap(copy);
        this.requestId = b.requestId;
        this.rateLimit = b.rateLimit;
        this.idempotencyKey = b.idempotencyKey;
        this.attempts = b.attempts;
        this.value = b.value;
    }

    /** A builder, for your tests and fakes. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The HTTP status of the answer. */
    public int statusCode() {
        return statusCode;
    }

    /** Every response header, by name (looked up whatever the case of the name). */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, whatever the case of its name. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The service's request id ({@code X-Request-Id}, or the body's), when it gave one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The {@code X-RateLimit-*} figures, when the answer carried any. */
    public Optional<RateLimitInfo> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** The idempotency key the call sent (yours, or the one a create generated). */
    public Optional<IdempotencyKey> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** How many attempts the call made to get this answer (1 when it was not retried). */
    public int attempts() {
        return attempts;
    }

    /** The parsed value ({@code null} for a call that answers none). */
    public T value() {
        return value;
    }

    @Override
    public String toString() {
        return "RawResponse[statusCode=" + statusCode + ", requestId=" + requestId + ", attempts=" + attempts
                + ", value=" + value + "]";
    }

    /** Builds a {@link RawResponse}. */
    public static final class Builder<T> {
        private int statusCode = 200;
        private Map<String, List<String>> headers = Map.of();
        private String requestId;
        private RateLimitInfo rateLimit;
        private IdempotencyKey idempotencyKey;
        private int attempts = 1;
        private T value;

        private Builder() {}

        /** The HTTP status (200 by default). */
        public Builder<T> statusCode(int value) {
            this.statusCode = value;
            return this;
        }

        /** The headers. */
        public Builder<T> headers(Map<String, List<String>> value) {
            this.headers = Objects.requireNonNull(value, "headers");
            return this;
        }

        /** The request id. */
        public Builder<T> requestId(String value) {
            this.requestId = value;
            return this;
        }

        /** The rate-limit figures. */
        public Builder<T> rateLimit(RateLimitInfo value) {
            this.rateLimit = value;
            return this;
        }

        /** The idempotency key sent. */
        public Builder<T> idempotencyKey(IdempotencyKey value) {
            this.idempotencyKey = value;
            return this;
        }

        /** The attempts made (1 by default). */
        public Builder<T> attempts(int value) {
            this.attempts = value;
            return this;
        }

        /** The parsed value. */
        public Builder<T> value(T value) {
            this.value = value;
            return this;
        }

        /** The response. */
        public RawResponse<T> build() {
            return new RawResponse<>(this);
        }
    }
}
