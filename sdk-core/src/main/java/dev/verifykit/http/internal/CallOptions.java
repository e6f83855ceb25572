package dev.verifykit.http.internal;

import dev.verifykit.error.ValidationException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.internal.Require;

/**
 * What a call refuses in its {@link RequestOptions} before anything is sent: an idempotency key
 * where it means nothing.
 *
 * <pre>{@code
 * RequestOptions checked = CallOptions.forRead(options);
 * }</pre>
 */
public final class CallOptions {
    private CallOptions() {}

    /** A read's options: an idempotency key applies to creates only. */
    public static RequestOptions forRead(RequestOptions options) {
        return forRead("options", options);
    }

    /**
     * A read's options given as the argument {@code field} (a wait's {@code requestOptions}, beside
     * its {@code options}).
     */
    public static RequestOptions forRead(String field, RequestOptions options) {
        return withoutIdempotencyKey(field, options, "applies to creates only, not to reads");
    }

    /**
     * Options that must not carry an idempotency key, refused with {@code rule} when they do.
     *
     * @param field the argument's name, named when {@code options} is null
     * @throws ValidationException naming {@code field} when they are null, or {@code idempotencyKey}
     */
    public static RequestOptions withoutIdempotencyKey(String field, RequestOptions options, String rule) {
        Require.present(field, options);
        if (options.idempotencyKey().isPresent()) {
            throw new ValidationException("idempotencyKey", rule);
        }
        return options;
    }
}
