package dev.verifykit.redis.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.internal.Wtf8;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/** What both Redis stores' builders take, checked in {@link #open}. Not thread-safe (a builder's state). */
public final class StoreSettings {
    /** The default command timeout: short, as store calls run on the SDK's timer thread. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** The default cool-down after a failure, during which calls fail at once. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(1);
    /** The default first part of every key. */
    public static final String DEFAULT_NAMESPACE = "verifykit";
    /** Connection attempts a build makes at most, when Lettuce's handshake keeps being cut. */
    static final int CONNECT_ATTEMPTS = 3;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    public Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    public Duration coolDown = DEFAULT_COOL_DOWN;
    public String namespace = DEFAULT_NAMESPACE;

    private StoreSettings(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
        this.client = client;
        this.connection = connection;
    }

    public static StoreSettings of(RedisClient client) {
        return new StoreSettings(Require.present("client", client), null);
    }

    public static StoreSettings of(StatefulRedisConnection<byte[], byte[]> connection) {
        return new StoreSettings(null, Require.present("connection", connection));
    }

    /**
     * Checks the settings and opens a connection when given a client (the store then owns and
     * closes it) or uses the one given (left open).
     */
    public RedisCalls open(Service service, String storeName) {
        Require.positive("commandTimeout", commandTimeout);
        Require.notNegative("coolDown", coolDown);
        checkNamespace(namespace);
        if (connection != null) {
            return new RedisCalls(connection, false, commandTimeout, coolDown, service, storeName);
        }
        StatefulRedisConnection<byte[], byte[]> opened;
        try {
            opened = connect();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(service, storeName + " (Redis) " + RedisCalls.failed(e)
                    + ", so it was not built (" + e.getClass().getSimpleName() + ")", e);
        }
        return new RedisCalls(opened, true, commandTimeout, coolDown, service, storeName);
    }

    /**
     * Connects; again, up to {@value #CONNECT_ATTEMPTS} attempts in all, when the connection was
     * {@linkplain RedisCalls#closedInHandshake closed during Lettuce's handshake}, which may hide
     * Redis's refusal of the credentials given. The last attempt's failure is thrown.
     */
    private StatefulRedisConnection<byte[], byte[]> connect() {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.connect(ByteArrayCodec.INSTANCE);
            } catch (RuntimeException e) {
                if (attempt == CONNECT_ATTEMPTS || !RedisCalls.closedInHandshake(e)) {
                    throw e;
                }
            }
        }
    }

    private static void checkNamespace(String value) {
        Require.present("namespace", value);
        if (value.isEmpty() || value.length() > 64 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ValidationException("namespace", "must be 1 to 64 printable ASCII characters without spaces");
        }
    }

    /** A key's bytes. */
    public static byte[] key(String... parts) {
        return String.join(":", parts).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The first 16 bytes of the SHA-256 of {@code value}'s {@linkplain Wtf8#bytes code points},
     * in hex: names a value in a key without holding it.
     */
    public static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Wtf8.bytes(value));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    /** A number a script returned (Lettuce gives integers as {@link Long}). */
    public static long number(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("a script answered " + (value == null ? "nothing" : value.getClass().getSimpleName())
                + " where a number was expected");
    }
}
