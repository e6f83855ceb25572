package dev.verifykit.redis;

import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.internal.Require;
import dev.verifykit.redis.internal.RedisCalls;
import dev.verifykit.redis.internal.Script;
import dev.verifykit.redis.internal.StoreSettings;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A {@link ReplayGuard} in Redis, so that several webhook receivers (instances behind one address)
 * handle each delivery once between them. A delivery's key is stored under
 * {@code <namespace>:webhook:<hash of the delivery key>}: while claimed it holds the claim's token
 * and expires with the claim timeout (so a claim whose instance died frees itself); once committed
 * it holds "done" and expires after the time to live. Claims and releases are Lua scripts, one
 * atomic step each; expiry is Redis's, so the instances' clocks (and the {@code now} the verifier
 * passes) do not matter. While a handler runs, the verifier extends its claim every third of the
 * claim timeout (a script that extends only the claim still held), so a claim outlives its timeout
 * only while its instance is alive. A handled delivery is forgotten only when its key expires, so
 * run Redis with {@code maxmemory-policy noeviction}: the guard's keys all carry an expiry, so any
 * other policy ({@code volatile-*} included) may evict one sooner, and a copy of that delivery would
 * be handled again. A full Redis then refuses the claim, and the verifier answers 503.
 *
 * <p><b>One namespace per Dokai account.</b> An event is known by its session id and type, which
 * Dokai makes unique within an account, not by the secret that signed it (a retry signed after a
 * secret rotation is the same event). Receivers of two accounts sharing one namespace share those
 * keys: a delivery signed with one account's secret naming a session of the other would make that
 * account's genuine event a copy. Give each account's guard its own {@code namespace}.
 *
 * <p><b>When Redis cannot be reached</b> a call fails with a
 * {@link dev.verifykit.error.StoreUnavailableException} after at most the command timeout (at
 * once when the connection is known to be down, and during the cool-down after a failure).
 * {@link dev.verifykit.webhook.WebhookVerifier#handle} then answers
 * {@link dev.verifykit.webhook.WebhookOutcome.Kind#GUARD_UNAVAILABLE}: 503 with
 * {@code Retry-After}, the handler not called, so the service delivers again later and nothing is
 * lost or handled twice. A commit or a release that fails is logged and sent again without waiting,
 * to run when Redis gets to it; should that be lost too, the claim expires by itself (a copy
 * arriving after a lost commit's claim expired is handled again).
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(secret)
 *         .replayGuard(RedisReplayGuard.builder(redisClient).build())
 *         .build();
 * }</pre>
 *
 * Thread-safe. {@link #close()} is final: calls waiting for Redis end at once with a
 * {@link dev.verifykit.error.StoreUnavailableException}, a claim among them (one being sent as the
 * close ran too) released after it as when Redis does not answer in time; later calls fail at once
 * with one and send nothing. It closes the connection the guard opened (not one it was given), after
 * those releases were sent on it (a claim being handed to Lettuce as it runs is waited for, at most
 * the command timeout, and released after it).
 */
public final class RedisReplayGuard implements ReplayGuard, AutoCloseable {
    private static final Script CLAIM = Script.load("claim.lua");
    private static final Script RELEASE = Script.load("release.lua");
    private static final Script EXTEND = Script.load("extend.lua");
    private static final Script COMMIT = Script.load("commit.lua");
    private static final byte[] DONE = StoreSettings.bytes("D");

    private final RedisCalls calls;
    private final String namespace;
    private final Duration ttl;
    private final Duration claimTimeout;

    private RedisReplayGuard(RedisCalls calls, String namespace, Duration ttl, Duration claimTimeout) {
        this.calls = calls;
        this.namespace = namespace;
        this.ttl = ttl;
        this.claimTimeout = claimTimeout;
    }

    /** A guard on a new connection of {@code client}, closed with the guard. */
    public static Builder builder(RedisClient client) {
        return new Builder(StoreSettings.of(client));
    }

    /**
     * A guard on a connection the application keeps (opened with
     * {@code client.connect(ByteArrayCodec.INSTANCE)}); {@link #close()} leaves it open.
     */
    public static Builder builder(StatefulRedisConnection<byte[], byte[]> connection) {
        return new Builder(StoreSettings.of(connection));
    }

    /**
     * Claims the delivery; {@code now} is not used, Redis times the claim. A claim Redis did not
     * answer in time may still run when Redis gets to it: the guard then sends, without waiting, the
     * release of that claim, which Redis runs after it, so that no claim is left that no instance
     * holds (every copy would be answered "in progress" until it expired).
     */
    @Override
    public Claim claim(String deliveryKey, Instant now) {
        String token = UUID.randomUUID().toString();
        List<Object> answer = calls.script("the webhook delivery was not claimed", CLAIM,
                new RedisCalls.Undo(RELEASE, StoreSettings.bytes(token)), new byte[][] {key(deliveryKey)},
                StoreSettings.bytes(token), StoreSettings.bytes(claimTimeout.toMillis()));
        long kind = StoreSettings.number(answer.get(0));
        if (kind == 0) {
            return Claim.claimed(deliveryKey, token);
        }
        if (kind == 2) {
            return Claim.done(deliveryKey);
        }
        long left = StoreSettings.number(answer.get(1));
        return Claim.inProgress(deliveryKey, Duration.ofMillis(Math.max(0, left)));
    }

    /**
     * Records the delivery as done for the time to live; {@code now} is not used. When that fails,
     * the record is sent again without waiting, to run when Redis gets to it, as a release is.
     */
    @Override
    public void commit(Claim claim, Instant now) {
        byte[] key = key(claim.deliveryKey());
        try {
            calls.call("the handled webhook delivery was not recorded",
                    c -> c.set(key, DONE, SetArgs.Builder.px(ttl.toMillis())));
        } catch (StoreUnavailableException e) {
            calls.send(COMMIT, new byte[][] {key}, StoreSettings.bytes(ttl.toMillis()));
            throw e;
        }
    }

    @Override
    public Duration claimTimeout() {
        return claimTimeout;
    }

    /**
     * Sends the extension of the claim (a Lua script: only the claim held is extended) and returns
     * without waiting, as the verifier's timer calls it; {@code now} is not used. A failure is
     * logged at DEBUG, and the verifier's next extension, a third of the claim timeout later, tries again.
     */
    @Override
    public void extend(Claim claim, Instant now) {
        calls.send(EXTEND, new byte[][] {key(claim.deliveryKey())}, StoreSettings.bytes(claim.token()),
                StoreSettings.bytes(claimTimeout.toMillis()));
    }

    /**
     * Releases the claim. When that fails (Redis did not answer, the connection is down, or the
     * guard is in its cool-down and did not ask) the release is sent again without waiting, to run
     * when Redis gets to it, since a claim left standing answers every copy "in progress" until it
     * expires, which may be past the service's last retry; it only ever drops the claim it names. It
     * goes with the script's text ({@code EVAL}), as the follow-ups do: sent by its digest, a release
     * whose wait {@link #close()} ended (nothing is sent again then) was refused by a Redis that had
     * lost its scripts, and lost.
     */
    @Override
    public void release(Claim claim) {
        calls.record("the claim on a webhook delivery was not released", RELEASE,
                new byte[][] {key(claim.deliveryKey())}, StoreSettings.bytes(claim.token()));
    }

    private byte[] key(String deliveryKey) {
        return StoreSettings.key(namespace, "webhook", StoreSettings.hash(deliveryKey));
    }

    @Override
    public void close() {
        calls.close();
    }

    @Override
    public String toString() {
        return "RedisReplayGuard[namespace=" + namespace + ", ttl=" + ttl + ", claimTimeout=" + claimTimeout
                + ", commandTimeout=" + calls.timeout() + "]";
    }

    /** Builds a {@link RedisReplayGuard}; the values are checked in {@link #build()}. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private Duration ttl = ReplayGuard.DEFAULT_TTL;
        private Duration claimTimeout = ReplayGuard.DEFAULT_CLAIM_TIMEOUT;

        private Builder(StoreSettings settings) {
            super(settings);
        }

        @Override
        Builder self() {
            return this;
        }

        /** How long a handled delivery is remembered (default 24 hours); at least a millisecond, at most 999,999,999 s. */
        public Builder ttl(Duration value) {
            ttl = value;
            return this;
        }

        /**
         * How long a claim stands when it is neither committed nor released, counted from its last
         * extension (default 60 s): how long a delivery whose instance died waits before a copy is
         * handled; the verifier extends a claim every third of it while the handler runs, at most once
         * a millisecond. At least 3 ms, at most 999,999,999 s.
         */
        public Builder claimTimeout(Duration value) {
            claimTimeout = value;
            return this;
        }

        /**
         * Checks the settings and returns the guard.
         *
         * @throws dev.verifykit.error.ValidationException naming a setting that breaks its rule
         * @throws dev.verifykit.error.StoreUnavailableException when built from a client and Redis cannot be reached or
         *     refuses the credentials given (a connection closed during the handshake is tried again, three
         *     attempts in all: Lettuce may report a refused handshake so)
         */
        public RedisReplayGuard build() {
            millis("ttl", ttl);
            Require.claimTimeout("claimTimeout", claimTimeout);
            return new RedisReplayGuard(settings.open(Service.DOKAI, "the replay guard"), settings.namespace, ttl,
                    claimTimeout);
        }

        private static void millis(String field, Duration value) {
            if (Require.positive(field, value).toMillis() < 1) {
                throw new dev.verifykit.error.ValidationException(field, "must be at least 1 ms");
            }
        }
    }
}
