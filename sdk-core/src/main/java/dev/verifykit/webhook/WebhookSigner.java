package dev.verifykit.webhook;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.webhook.internal.Hex;
import dev.verifykit.webhook.internal.HmacKey;
import dev.verifykit.webhook.internal.SignatureHeader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Signs bodies as Dokai does, so integrators can test their webhook endpoint without the service.
 *
 * <pre>{@code
 * WebhookSigner signer = WebhookSigner.of("whsec_test");
 * byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}".getBytes(UTF_8);
 * mockMvc.perform(post("/webhooks/dokai").content(body)
 *         .header(WebhookSigner.HEADER, signer.signTimestamped(body, Instant.now())));
 * }</pre>
 */
public final class WebhookSigner {
    /** The header carrying the signature: {@value}. */
    public static final String HEADER = SignatureHeader.NAME;

    private final HmacKey key;

    private WebhookSigner(HmacKey key) {
        this.key = key;
    }

    /**
     * A signer for one webhook secret, taken as {@link WebhookVerifier.Builder#secret} takes it: its
     * UTF-8 bytes without surrounding whitespace, so that a signer and a verifier given the same
     * string agree.
     *
     * @throws ValidationException naming {@code secret} when it is null, blank or has a control or
     *     non-ASCII character (never quoting it)
     */
    public static WebhookSigner of(String secret) {
        return new WebhookSigner(HmacKey.of(Require.credential("secret", secret)));
    }

    /** The header value Dokai sends: the lower-case hex HMAC-SHA256 of the body. */
    public String sign(byte[] body) {
        Require.present("body", body);
        return Hex.encode(key.sign(new byte[0], body));
    }

    /**
     * The timestamped header value: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}.
     *
     * @param body the raw body
     * @param timestamp the signing time; fractions of a second are dropped
     * @throws ValidationException when the timestamp is before 1970
     */
    public String signTimestamped(byte[] body, Instant timestamp) {
        Require.present("body", body);
        Require.present("timestamp", timestamp);
        if (timestamp.getEpochSecond() < 0) {
            throw new ValidationException("timestamp", "must not be before 1970-01-01T00:00:00Z");
        }
        String t = Long.toString(timestamp.getEpochSecond());
        byte[] mac = key.sign((t + ".").getBytes(StandardCharsets.US_ASCII), body);
        return "t=" + t + ",v1=" + Hex.encode(mac);
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "WebhookSigner[secret=REDACTED]";
    }
}
