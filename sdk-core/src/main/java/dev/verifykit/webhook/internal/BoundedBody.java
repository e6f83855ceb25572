package dev.verifykit.webhook.internal;

import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads a request body, refusing it as soon as it passes the maximum. */
public final class BoundedBody {
    private static final int CHUNK = 8192;

    private BoundedBody() {}

    /**
     * Reads the stream to its end without closing it.
     *
     * @throws WebhookVerificationException {@code BODY_TOO_LARGE} after reading one byte more than {@code max}
     * @throws UncheckedIOException when the stream fails
     */
    public static byte[] read(InputStream in, int max) {
        byte[] buffer = new byte[Math.min(CHUNK, max + 1)];
        int size = 0;
        try {
            while (true) {
                if (size == buffer.length) {
                    if (size > max) {
                        throw tooLarge(max);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) max + 1, 2L * size));
                }
                int n = in.read(buffer, size, buffer.length - size);
                if (n < 0) {
                    return Arrays.copyOf(buffer, size);
                }
                size += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the webhook body failed", e);
        }
    }

    /** The refusal of a body over {@code max} bytes. */
    public static WebhookVerificationException tooLarge(int max) {
        return new WebhookVerificationException(Reason.BODY_TOO_LARGE, "the body is larger than " + max + " bytes");
    }
}
