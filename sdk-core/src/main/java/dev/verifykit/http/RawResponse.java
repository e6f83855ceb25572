package dev.verifykit.http;

import dev.verifykit.http.internal.Redactor;
import dev.verifykit.internal.Escapes;
import dev.verifykit.internal.Model;
import dev.verifykit.internal.Require;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A call's answer with what came with it: the HTTP status, the headers, the request id, the
 * rate-limit figures, the idempotency key sent, how many attempts it took, and the parsed value.
 * Every client gives this form through {@code withRawResponse()}.
 *
 * <pre>{@code
 * RawResponse<DockSession> raw = dock.sessions().withRawResponse().create(params);
 * log.info("created {} (request {}, key {})", raw.value().id(), raw.requestId().orElse("-"),
 *         raw.idempotencyKey().map(IdempotencyKey::value).orElse("-"));
 * }</pre>
 *
 * @param <T> the parsed value
 */
@Model
@Value.Immutable
public abstract class RawResponse<T> {
    RawResponse() {}

    /** A builder, for your tests and fakes; the status is 200 and the attempts 1 unless set. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The HTTP status of the answer. */
    @Value.Default
    public int statusCode() {
        return 200;
    }

    /**
     * Every response header, by name in lower case (a response built for a fake keeps its names as
     * given); a name holding one of the client's secrets (echoed by a server or a proxy) has it
     * masked, as in {@link #toString()}. The map and its lists are unmodifiable (a fake's are copies
     * of the lists given).
     */
    public abstract Map<String, List<String>> headers();

    /**
     * These headers with unmodifiable value lists: the map is copied when built, but each list was the
     * one given (OkHttp's {@code ArrayList}s, a fake's own), through which the answer could be changed.
     */
    @Value.Check
    RawResponse<T> withUnmodifiableLists() {
        for (List<String> values : headers().values()) {
            // List.copyOf hands back a list that is already unmodifiable (and refuses a null value)
            if (List.copyOf(values) != values) {
                Map<String, List<String>> copy = new LinkedHashMap<>();
                headers().forEach((name, each) -> copy.put(name, List.copyOf(each)));
                return RawResponse.<T>builder().from(this).headers(copy).build();
            }
        }
        return this;
    }

    /**
     * The first value of a header, whatever the case of its name (in a response built for a fake too,
     * whose names are kept as given).
     *
     * @throws dev.verifykit.error.ValidationException naming {@code name} when it is null
     */
    public Optional<String> header(String name) {
        Require.present("name", name);
        List<String> values = headers().get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            for (Map.Entry<String, List<String>> header : headers().entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    values = header.getValue();
                    break;
                }
            }
        }
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The service's request id ({@code X-Request-Id}, or the body's), when it gave one. */
    public abstract Optional<String> requestId();

    /** The {@code X-RateLimit-*} figures, when the answer carried any. */
    public abstract Optional<RateLimitInfo> rateLimit();

    /** The idempotency key the call sent (yours, or the one a create generated). */
    public abstract Optional<IdempotencyKey> idempotencyKey();

    /** How many attempts the call made to get this answer (1 when it was not retried). */
    @Value.Default
    public int attempts() {
        return 1;
    }

    /** The parsed value ({@code null} for a call that answers none). */
    @Model.Nullable
    public abstract T value();

    /**
     * The answer with the names of its headers but not their values: a proxy or a debugging server
     * may echo the request's credentials in them ({@link #headers()} has the values). The names are
     * the server's text, their controls shown escaped (<code>&#92;u001B</code>), as in every message, and
     * so is the value's text (a session's status reason, say).
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RawResponse{statusCode=").append(statusCode())
                .append(", headers=").append(headers().keySet().stream().map(Escapes::escaped).toList());
        requestId().ifPresent(id -> text.append(", requestId=").append(id));
        rateLimit().ifPresent(limit -> text.append(", rateLimit=").append(limit));
        idempotencyKey().ifPresent(key -> text.append(", idempotencyKey=").append(key));
        text.append(", attempts=").append(attempts());
        if (value() != null) {
            // the model's own text escaped, whatever its type (a fake's value too)
            text.append(", value=").append(Escapes.escaped(String.valueOf(value())));
        }
        return text.append('}').toString();
    }

    /** Builds a {@link RawResponse}. */
    public static final class Builder<T> extends RawResponseValue.Builder<T> {
        Builder() {}
    }
}
