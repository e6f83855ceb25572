package dev.verifykit.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook secret as an HMAC-SHA256 key. The key schedule is computed once into a prototype
 * that is never used itself; each thread signs with its own clone of it, kept for the next call
 * ({@code doFinal} resets it), so signing costs the HMAC alone and instances are thread-safe.
 */
public final class HmacKey {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;
    private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::fresh);

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
        Mac mac = perThread.get();
        try {
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (RuntimeException e) {
            mac.reset();
            throw e;
        }
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
