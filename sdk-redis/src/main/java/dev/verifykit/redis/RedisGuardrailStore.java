package dev.verifykit.redis;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.redis.internal.RedisCalls;
import dev.verifykit.redis.internal.Script;
import dev.verifykit.redis.internal.StoreSettings;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GuardrailStore} in Redis, so that every instance using one Dock API key keeps one create
 * bucket and one spacing and poll count per session, as Dock counts them:
 * <ul>
 *   <li>the create bucket is a Bucket4j bucket (its Lettuce integration, compare-and-swap), timed by
 *       Redis's {@code TIME} rather than each instance's clock, under
 *       {@code <namespace>:dock:<account>:create:<burst>:<refill ms>}, refilling a little slower
 *       than Dock's ({@link Builder#createRefillMargin}) and expiring once it would be full
 *       again;</li>
 *   <li>a session's read gate is a hash under {@code <namespace>:dock:<account>:session:<id>}
 *       changed by Lua scripts timed by Redis's {@code TIME}: the least time from the previous
 *       read's arrival, one read in flight (for at most its lease), the reads used against the cap;
 *       it expires {@code keep} after its last read started.</li>
 * </ul>
 * {@code account} is the client's hash of the API key; no key holds a secret. Bucket4j computes a
 * bucket's state in the client and writes it back by compare-and-swap; it is given Redis's
 * {@code TIME} as its clock (one more round trip), so that all instances count from one clock; an
 * attempt whose state another instance changed meanwhile is retried.
 *
 * <p><b>When Redis cannot be reached</b> every call fails with a
 * {@link dev.verifykit.error.StoreUnavailableException} after at most the command timeout (three
 * for a create token, whose compare-and-swap may be retried; at once when the connection is known
 * to be down), and for the cool-down after a failure calls fail
 * at once without asking Redis, since they run on the SDK's timer thread. The client then sends
 * nothing: a create fails at once (fail closed: sending without the shared bucket could draw 429s
 * for every instance); a read or a wait treats it as a network failure and tries again until its
 * retries or its deadline run out; a report that a read ended is dropped (its lease frees the
 * session instead).
 *
 * <pre>{@code
 * RedisGuardrailStore store = RedisGuardrailStore.builder(redisClient).build();
 * DockClient dock = DockClient.builder().apiKey(key).guardrailStore(store).build();
 * }</pre>
 *
 * Thread-safe. {@link #close()} closes the connection the store opened (not one it was given).
 */
public final class RedisGuardrailStore implements GuardrailStore, AutoCloseable {
    private static final Script READ_START = Script.load("read-start.lua");
    private static final Script READ_ARRIVED = Script.load("read-arrived.lua");

    /** How many command timeouts one bucket operation (several commands, retried on a conflict) may take. */
    private static final int BUCKET_TIMEOUTS = 3;
    /** The default {@link Builder#createRefillMargin}: 3 %. */
    public static final double DEFAULT_CREATE_REFILL_MARGIN = 0.03;

    private final RedisCalls calls;
    private final String namespace;
    private final double refillMargin;
    private final ProxyManager<byte[]> buckets;
    private final Object bucketLock = new Object();

    private RedisGuardrailStore(RedisCalls calls, String namespace, double refillMargin) {
        this.calls = calls;
        this.namespace = namespace;
        this.refillMargin = refillMargin;
        this.buckets = Bucket4jLettuce.casBasedBuilder(calls.connection())
                .clientClock(new RedisTime(calls))
                // the budget of one bucket operation, its compare-and-swap retries included
                .requestTimeout(calls.timeout().multipliedBy(BUCKET_TIMEOUTS))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** A store on a new connection of {@code client}, closed with the store. */
    public static Builder builder(RedisClient client) {
        return new Builder(StoreSettings.of(client));
    }

    /**
     * A store on a connection the application keeps (opened with
     * {@code client.connect(ByteArrayCodec.INSTANCE)}); {@link #close()} leaves it open.
     */
    public static Builder builder(StatefulRedisConnection<byte[], byte[]> connection) {
        return new Builder(StoreSettings.of(connection));
    }

    /**
     * Takes a token in Redis. Bucket4j updates the bucket by compare-and-swap, retrying when another
     * writer came first; this store lets one of its threads at a time try, so that only instances,
     * not threads, contend.
     */
    @Override
    public Duration takeCreateToken(String account, int burst, Duration refill) {
        ConsumptionProbe probe;
        synchronized (bucketLock) {
            probe = calls.guard("the create was not sent", () -> bucket(account, burst, refill).tryConsumeAndReturnRemaining(1));
        }
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(Math.max(1, probe.getNanosToWaitForRefill()));
    }

    @Override
    public void returnCreateToken(String account, int burst, Duration refill) {
        synchronized (bucketLock) {
            calls.guard("an unused create token was not given back", () -> {
                bucket(account, burst, refill).addTokens(1);
                return null;
            });
        }
    }

    private BucketProxy bucket(String account, int burst, Duration refill) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(1, slower(refill)))
                .build();
        return buckets.builder().build(StoreSettings.key(namespace, "dock", account, "create",
                Integer.toString(burst), Long.toString(refill.toMillis())), () -> configuration);
    }

    /** The refill with the margin on top. */
    private Duration slower(Duration refill) {
        return refill.plusNanos((long) Math.ceil(refill.toNanos() * refillMargin));
    }

    @Override
    public ReadStart startRead(String account, String sessionId, ReadRules rules) {
        String readId = UUID.randomUUID().toString();
        List<Object> answer = calls.script("a read of a session was not started", READ_START,
                new byte[][] {sessionKey(account, sessionId)},
                StoreSettings.bytes(micros(rules.minInterval())), StoreSettings.bytes(rules.cap()),
                StoreSettings.bytes(micros(rules.lease())), StoreSettings.bytes(Math.max(1, rules.keep().toMillis())),
                StoreSettings.bytes(readId));
        long kind = StoreSettings.number(answer.get(0));
        if (kind == 0) {
            return ReadStart.started(readId, (int) StoreSettings.number(answer.get(1)));
        }
        if (kind == 1) {
            return ReadStart.waitFor(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(StoreSettings.number(answer.get(1)))));
        }
        return ReadStart.exhausted();
    }

    @Override
    public void readArrived(String account, String sessionId, String readId, Duration ago) {
        calls.script("the end of a read was not recorded", READ_ARRIVED, new byte[][] {sessionKey(account, sessionId)},
                StoreSettings.bytes(readId), StoreSettings.bytes(Math.max(0, micros(ago))));
    }

    private byte[] sessionKey(String account, String sessionId) {
        return StoreSettings.key(namespace, "dock", account, "session", sessionId);
    }

    private static long micros(Duration duration) {
        return TimeUnit.NANOSECONDS.toMicros(duration.toNanos());
    }

    @Override
    public void close() {
        calls.close();
    }

    @Override
    public String toString() {
        return "RedisGuardrailStore[namespace=" + namespace + ", commandTimeout=" + calls.timeout() + "]";
    }

    /** Bucket4j's clock: Redis's {@code TIME}, so that the instances' clocks do not matter. */
    private static final class RedisTime implements TimeMeter {
        private final RedisCalls calls;

        RedisTime(RedisCalls calls) {
            this.calls = calls;
        }

        @Override
        public long currentTimeNanos() {
            List<byte[]> time = calls.call("the create was not sent (the bucket's time was not read)", c -> c.time());
            long seconds = Long.parseLong(new String(time.get(0), java.nio.charset.StandardCharsets.US_ASCII));
            long micros = Long.parseLong(new String(time.get(1), java.nio.charset.StandardCharsets.US_ASCII));
            return TimeUnit.SECONDS.toNanos(seconds) + TimeUnit.MICROSECONDS.toNanos(micros);
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }

    /** Builds a {@link RedisGuardrailStore}; the values are checked in {@link #build()}. */
    public static final class Builder extends RedisStoreBuilder<Builder> {
        private double createRefillMargin = DEFAULT_CREATE_REFILL_MARGIN;

        private Builder(StoreSettings settings) {
            super(settings);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * How much slower than the service's the shared create bucket refills, as a fraction of
         * the refill (default 0.03, i.e. 3 %, 300 ms of Dock's 10 s; 0 to 0.5). Dock's bucket
         * starts counting when the first create <em>arrives</em>, a little after the store gave
         * its token; refilling a little slower keeps every instance behind the service's refills
         * instead of racing them (a create sent the instant a token is due could arrive before
         * the service has it, and draw a 429). Costs at most this fraction of the create rate.
         * What it does not cover: the create that empties a full bucket reaching Dock more than
         * this margin later (after its token) than the next refill's create does; that create
         * then gets a 429 (and is retried by the client).
         */
        public Builder createRefillMargin(double value) {
            createRefillMargin = value;
            return this;
        }

        /**
         * Checks the settings and returns the store.
         *
         * @throws dev.verifykit.error.ValidationException naming a setting that breaks its rule
         */
        public RedisGuardrailStore build() {
            if (!(createRefillMargin >= 0 && createRefillMargin <= 0.5)) {
                throw new ValidationException("createRefillMargin", "must be between 0 and 0.5 (was "
                        + createRefillMargin + ")");
            }
            return new RedisGuardrailStore(settings.open(Service.DOCK, "the guardrail store"), settings.namespace,
                    createRefillMargin);
        }
    }
}
