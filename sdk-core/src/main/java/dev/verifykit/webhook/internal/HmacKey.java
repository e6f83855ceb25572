package dev.verifykit.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook secret as an HMAC-SHA256 key. The key schedule is computed once; each signature
 * clones the initialised prototype, which is never used itself, so instances are thread-safe.
 */
public final class HmacKey {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;

    private HmacKey(SecretKeySpec key) {
        this.key = key;
        this.prototype = newMac(key);
    }

    /** The key for a secret, as the UTF-8 bytes of the whole string (prefix included). */
    public static HmacKey of(String secret) {
        return new HmacKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }

    /** The HMAC of {@code prefix} followed by {@code body}; {@code prefix} may be empty. */
    public byte[] sign(byte[] prefix, byte[] body) {
        Mac mac = fresh();
        mac.update(prefix);
        return mac.doFinal(body);
    }

    private Mac fresh() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newMac(key);
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "HmacKey[REDACTED]";
    }
}
