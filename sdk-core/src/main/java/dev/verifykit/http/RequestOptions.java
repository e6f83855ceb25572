package dev.verifykit.http;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import okhttp3.CacheControl;
import okhttp3.Headers;
import org.immutables.value.Value;

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
@Input
@Value.Immutable
public abstract class RequestOptions {
    private static final RequestOptions NONE = builder().build();

    RequestOptions() {}

    /** No overrides: the client's settings apply. */
    public static RequestOptions none() {
        return NONE;
    }

    /** A builder with no overrides. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public abstract Builder toBuilder();

    /** The time the whole call, retries included, may take; positive, at most 999,999,999 s (unset: none). */
    public abstract Optional<Duration> timeout();

    /** Retries for this call instead of the client's policy, 0 to 10. */
    public abstract OptionalInt maxRetries();

    /** The idempotency key to send instead of a generated one; the same key is sent on every retry. */
    public abstract Optional<IdempotencyKey> idempotencyKey();

    /**
     * Extra headers to send; the credentials and {@code User-Agent} headers cannot be replaced, and
     * an {@code Idempotency-Key} is given with {@link #idempotencyKey()} (refused here: a create sent
     * its own key in its place).
     * Each name is an HTTP token and each value printable ASCII (no control character, no line break).
     * The headers that frame, route or encode the request and its answer are the transport's and
     * cannot be given: {@code Host}, {@code Content-Length}, {@code Transfer-Encoding}, {@code TE},
     * {@code Trailer}, {@code Connection}, {@code Keep-Alive}, {@code Upgrade},
     * {@code Proxy-Connection}, {@code Accept-Encoding}, {@code Content-Encoding} and {@code Expect} (a
     * {@code 100-continue} would hold the body until the server asks for it); nor a
     * {@code Cache-Control} (or {@code Pragma}) with {@code only-if-cached}, which the HTTP client
     * answers itself (a 504, nothing sent). A name is given once, whatever its case.
     */
    public abstract Map<String, String> headers();

    @Value.Check
    void check() {
        timeout().ifPresent(value -> Require.positive("timeout", value));
        maxRetries().ifPresent(value -> Require.between("maxRetries", value, 0, 10));
        headers().forEach(RequestOptions::checkHeader);
        if (headers().size() > 1) {
            checkNamedOnce(headers());
        }
    }

    /**
     * Each header named once whatever the case: HTTP names have no case, so two spellings are one header
     * given twice, of which the HTTP client would send one, which of them depending on the order given.
     */
    private static void checkNamedOnce(Map<String, String> headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : headers.keySet()) {
            String other = byName.put(name, name);
            if (other != null) {
                throw new ValidationException("headers", name + " is given twice, also as " + other
                        + " (a header's name has no case): give it once");
            }
        }
    }

    private static void checkHeader(String name, String value) {
        if (!Require.isToken(name)) {
            throw new ValidationException("headers", "a header name must be a non-empty HTTP token");
        }
        if (name.equalsIgnoreCase("Idempotency-Key")) {
            throw new ValidationException("headers", "Idempotency-Key is given with idempotencyKey(…), which a create"
                    + " sends on every attempt, not as a header");
        }
        if (Require.isTransportHeader(name)) {
            throw new ValidationException("headers", name + " is set by the transport (it frames, routes or "
                    + "encodes the request) and cannot be given");
        }
        Require.present("headers", value);
        String problem = Require.headerProblem(value);
        if (problem != null) {
            throw new ValidationException("headers", "the value of " + name
                    + " must contain only printable ASCII characters (found " + problem + ")");
        }
        if ((name.equalsIgnoreCase("Cache-Control") || name.equalsIgnoreCase("Pragma")) && onlyIfCached(name, value)) {
            throw new ValidationException("headers", name + ": only-if-cached has the HTTP client answer 504"
                    + " itself, sending nothing, and cannot be given");
        }
    }

    /**
     * Whether a {@code Cache-Control} (or {@code Pragma}, which the HTTP client reads as well) value holds
     * the {@code only-if-cached} directive as the HTTP client reads it (its own parser: a directive ends
     * at {@code =}, {@code ,} or {@code ;}).
     */
    private static boolean onlyIfCached(String name, String value) {
        return CacheControl.parse(Headers.of(name, value)).onlyIfCached();
    }

    /** The options, showing the names of the extra headers but not their values. */
    @Override
    public String toString() {
        return "RequestOptions{timeout=" + timeout().orElse(null) + ", maxRetries="
                + (maxRetries().isPresent() ? maxRetries().getAsInt() : null) + ", idempotencyKey="
                + idempotencyKey().orElse(null) + ", headers=" + headers().keySet() + "}";
    }

    /**
     * Builds {@link RequestOptions}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range ({@code null} included; an
     * optional value set to {@code null} is unset). A whole map given to {@code headers} or
     * {@code putAllHeaders} must not itself be {@code null}: that throws {@link NullPointerException}
     * at once (a {@code null} name or value in it is refused by {@code build()}).
     */
    public static final class Builder extends RequestOptionsValue.Builder {
        Builder() {}

        /** The idempotency key to send, checked at once as by {@link IdempotencyKey#of}. */
        public Builder idempotencyKey(String value) {
            idempotencyKey(IdempotencyKey.of(value));
            return this;
        }

        /**
         * Adds an extra header (see {@link RequestOptions#headers()}), replacing one of the same name;
         * one of the same name in another case is refused at build (one header given twice).
         */
        public Builder header(String name, String value) {
            putHeaders(name, value);
            return this;
        }
    }
}
