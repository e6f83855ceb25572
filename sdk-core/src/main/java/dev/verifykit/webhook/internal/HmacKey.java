package dev.verifykit.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One webhook secret as an HMAC-SHA256 key (RFC 2104). Instances are thread-safe.
 *
 * <p>HMAC is {@code H((K ^ opad) || H((K ^ ipad) || message))}, and both pads fill one SHA-256
 * block. A {@code Mac} hashes those two blocks again on every message; here they are hashed once,
 * into two {@code MessageDigest} prototypes that are never used themselves: each signature starts
 * from clones of them, so it costs two blocks fewer (about a tenth of the work on a 1-KiB body,
 * see bench/analysis.md). When the platform's SHA-256 cannot be cloned (a provider may refuse), a
 * per-thread {@code Mac} does the work instead; both give the same bytes (HmacKeyTest checks them
 * against RFC 4231's vectors and each other).
 */
public abstract sealed class HmacKey permits HmacKey.Precomputed, HmacKey.ByMac {
    private static final String ALGORITHM = "HmacSHA256";
    private static final String DIGEST = "SHA-256";
    private static final int BLOCK_BYTES = 64;
    private static final int MAC_BYTES = 32;

    private HmacKey() {}

    /** The key for a secret, as the UTF-8 bytes of the whole string (prefix included). */
    public static HmacKey of(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        try {
            return of(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The key for these bytes, copied (the caller may clear them). */
    static HmacKey of(byte[] key) {
        try {
            return Precomputed.fromKey(key);
        } catch (CloneNotSupportedException e) {
            return new ByMac(key);
        }
    }

    /** The same key computed by a {@code Mac} only; for tests that compare the two ways. */
    static HmacKey byMac(byte[] key) {
        return new ByMac(key);
    }

    /** The HMAC of {@code prefix} followed by {@code body}; {@code prefix} may be empty. */
    public abstract byte[] sign(byte[] prefix, byte[] body);

    @Override
    public String toString() {
        return "HmacKey[REDACTED]";
    }

    /** The two pads hashed once; a signature starts from clones of their digests. */
    static final class Precomputed extends HmacKey {
        private final MessageDigest inner;
        private final MessageDigest outer;

        private Precomputed(MessageDigest inner, MessageDigest outer) {
            this.inner = inner;
            this.outer = outer;
        }

        static Precomputed fromKey(byte[] secret) throws CloneNotSupportedException {
            // A key longer than a block is hashed first (RFC 2104, section 2); a shorter one is padded with zeros.
            byte[] key = secret.length > BLOCK_BYTES ? digest().digest(secret) : secret;
            byte[] pad = new byte[BLOCK_BYTES];
            try {
                MessageDigest inner = padded(key, 0x36, pad);
                MessageDigest outer = padded(key, 0x5c, pad);
                inner.clone(); // refused here, once, rather than on the first delivery
                return new Precomputed(inner, outer);
            } finally {
                Arrays.fill(pad, (byte) 0);
                if (key != secret) {
                    Arrays.fill(key, (byte) 0);
                }
            }
        }

        /** A digest that has hashed {@code key} (zero-padded to a block) XOR {@code mask}, written into {@code pad}. */
        private static MessageDigest padded(byte[] key, int mask, byte[] pad) {
            for (int i = 0; i < BLOCK_BYTES; i++) {
                pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ mask);
            }
            MessageDigest digest = digest();
            digest.update(pad);
            return digest;
        }

        @Override
        public byte[] sign(byte[] prefix, byte[] body) {
            try {
                MessageDigest message = (MessageDigest) inner.clone();
                message.update(prefix);
                message.update(body);
                byte[] hash = new byte[MAC_BYTES];
                message.digest(hash, 0, MAC_BYTES);
                MessageDigest result = (MessageDigest) outer.clone();
                result.update(hash);
                result.digest(hash, 0, MAC_BYTES);
                return hash;
            } catch (CloneNotSupportedException | DigestException e) {
                throw new IllegalStateException("SHA-256 could be cloned and written out once and cannot now", e);
            }
        }
    }

    /**
     * A {@code Mac} whose key schedule is computed once into a prototype that is never used itself;
     * each thread signs with its own clone of it, kept for the next call ({@code doFinal} resets it).
     */
    static final class ByMac extends HmacKey {
        private final SecretKeySpec key;
        private final Mac prototype;
        private final ThreadLocal<Mac> perThread = ThreadLocal.withInitial(this::fresh);

        ByMac(byte[] secret) {
            this.key = new SecretKeySpec(secret, ALGORITHM);
            this.prototype = newMac(key);
        }

        @Override
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
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance(DIGEST);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
