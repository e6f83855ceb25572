package dev.verifykit.http;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Wtf8;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.temporal.TemporalAccessor;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The key that lets a service recognise a retried write as the same request, so that a create
 * retried after a lost response makes one resource, not two.
 *
 * <p>{@link #random()} is right for one call in one process: the SDK keeps it across its own
 * retries. {@link #derive} gives the same key for the same inputs, so a job that restarts after a
 * crash and creates the session for the same user again reuses the key and gets the first
 * session back. Keys are 1 to 255 printable ASCII characters.
 *
 * <pre>{@code
 * IdempotencyKey key = IdempotencyKey.derive("signup", userId, attemptNumber);
 * dock.sessions().create(params, RequestOptions.builder().idempotencyKey(key).build());
 * }</pre>
 */
public final class IdempotencyKey {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LENGTH = 255;

    private final String value;

    private IdempotencyKey(String value) {
        this.value = value;
    }

    /** A key of 128 random bits, as 32 hex digits. */
    public static IdempotencyKey random() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return new IdempotencyKey(HexFormat.of().formatHex(bits));
    }

    /**
     * A key derived from a namespace and parts: the same inputs always give the same key,
     * {@code "<namespace>-<64 hex digits of SHA-256>"} (the namespace shortened if needed). Each part
     * is hashed as its text ({@code String.valueOf(part)}), whatever its type: the number {@code 42}, the
     * {@code long} {@code 42L} and the text {@code "42"} give one key, so an id read as a number in
     * one place and as a text in another still names the same write. Parts whose texts differ give
     * different keys, also when they differ only in a lone surrogate (which a JSON escape can carry):
     * each part is hashed in UTF-8, a lone surrogate as its own three bytes.
     *
     * @throws ValidationException when the namespace is empty or blank, longer than 255 characters, not
     *     printable ASCII, or starts or ends with a space; or when a part is {@code null} (a missing id
     *     would otherwise give every caller without one the same key) or is not a text, a number, a
     *     boolean, a character, an enum, a UUID or a date and time (the text of other objects may name
     *     the instance, an array's or one a record holds: equal inputs would give other keys)
     */
    public static IdempotencyKey derive(String namespace, Object... parts) {
        check("namespace", namespace);
        if (parts == null) {
            throw new ValidationException("parts", "must not be null");
        }
        MessageDigest digest = sha256();
        update(digest, namespace);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                throw new ValidationException("parts", "must not contain null (part " + (i + 1) + " is null)");
            }
            if (!isValue(parts[i])) {
                throw new ValidationException("parts", "must be texts, numbers, booleans, characters, enums, UUIDs or"
                        + " dates and times (part " + (i + 1) + " is a " + parts[i].getClass().getTypeName()
                        + ", whose text may differ between equal values: pass its values as parts)");
            }
            update(digest, String.valueOf(parts[i]));
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        String prefix = namespace.length() > MAX_LENGTH - 65 ? namespace.substring(0, MAX_LENGTH - 65) : namespace;
        return new IdempotencyKey(prefix + "-" + hash);
    }

    /**
     * Whether {@code part} is a value whose text is the same for equal values. Other objects' text
     * may name the instance: an array's, a class's without a toString of its own, and a record's or
     * a list's holding one ({@code UserId[bytes=[B@1b6d3586]}).
     */
    private static boolean isValue(Object part) {
        return part instanceof CharSequence || part instanceof Number || part instanceof Boolean
                || part instanceof Character || part instanceof Enum<?> || part instanceof UUID
                || part instanceof TemporalAccessor;
    }

    /**
     * A key you chose.
     *
     * @throws ValidationException when it is empty, longer than 255 characters, not printable ASCII,
     *     or starts or ends with a space
     */
    public static IdempotencyKey of(String value) {
        check("idempotencyKey", value);
        return new IdempotencyKey(value);
    }

    /** The key as sent in the header. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdempotencyKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The key itself: keys are not secrets, and showing them helps match logs to the service's. */
    @Override
    public String toString() {
        return value;
    }

    private static void check(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException(field, "must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new ValidationException(field, "must be at most " + MAX_LENGTH + " characters (was " + value.length() + ")");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ValidationException(field, "must be printable ASCII (character " + (i + 1) + " is not)");
            }
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            throw new ValidationException(field, "must not start or end with a space (HTTP would drop it)");
        }
    }

    private static void update(MessageDigest digest, String part) {
        byte[] bytes = Wtf8.bytes(part); // not getBytes(UTF_8), which writes every lone surrogate as '?'
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
