package dev.verifykit.redis;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.redis.internal.RedisCalls;
import dev.verifykit.redis.internal.Script;
import dev.verifykit.redis.internal.StoreSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@link GuardrailStore} in Redis, so that every instance using one Dock API key keeps one create
 * bucket and one spacing and poll count per session, as Dock counts them. Both are hashes changed
 * by Lua scripts, each one atomic step timed by Redis's {@code TIME} (so that the instances' clocks
 * do not matter):
 * <ul>
 *   <li>the create bucket, under {@code <namespace>:dock:<account>:creates}:
 *       its tokens and the creates in flight, each holding a token from its send until its answer
 *       (when its token is taken: the latest it can have reached Dock) or the end of its lease.
 *       One per API key, as Dock keeps it, also while instances' rules differ (during a rolling
 *       change of them, the tokens of the larger burst at most are taken at once). When Dock refuses
 *       a create (429), the refusal is kept in it as well, and every instance's creates wait it out.
 *       A create is sent only when the tokens, less those held, make one, so that whatever the
 *       network's delays, the creates of all instances arrive within Dock's bucket. It refills a
 *       little slower than Dock's ({@link Builder#createRefillMargin}) and expires once it would be
 *       full again with nothing in flight;</li>
 *   <li>a session's read gate, under {@code <namespace>:dock:<account>:session:<id>}: the least
 *       time from the previous read's arrival, one read in flight (for at most its lease), the
 *       reads used against the cap; it expires {@code keep} after its last read started.</li>
 * </ul>
 * {@code account} is the client's hash of the API key; no key holds a secret. Each call is one
 * round trip: a script run by its digest ({@code EVALSHA}), two after Redis lost its scripts (a
 * restart, {@code SCRIPT FLUSH}: {@code NOSCRIPT}, then {@code EVAL} with the script); the reports
 * that a create or a read ended, and what follows a call up (an undo, a report sent again), go with
 * the script's text ({@code EVAL}), which a Redis that lost its scripts still runs.
 *
 * <p><b>When Redis cannot be reached</b> every call fails with a
 * {@link dev.verifykit.error.StoreUnavailableException} after at most the command timeout (at once
 * when the connection is known to be down), and for the cool-down after a failure calls fail at
 * once without asking Redis, so that the calls and waits asking meanwhile do not each wait for it.
 * The client then sends nothing: a create fails at once (fail closed: sending without the shared
 * bucket could draw 429s for every instance); a read or a wait treats it as a network failure and
 * tries again until its retries or its deadline run out; a report that a create or a read ended is
 * sent again without waiting, to run when Redis gets to it (Lettuce keeps it while the connection
 * is down, until its own command timeout, the {@code RedisURI}'s timeout of 60 s by default, passes;
 * should Redis never run it, its lease ends what it reports).
 *
 * <p><b>A command Redis runs twice</b> (Lettuce sends again, after reconnecting, a command whose
 * answer the lost connection took, which Redis may already have run) answers the same both times:
 * a start finds its own read, token or claim and reports it started, and a report acts only on the
 * id it names.
 *
 * <p><b>When Redis loses the keys</b> (a restart without persistence, a flush, an eviction, a failover
 * to a replica that had not caught up) the store starts afresh: the bucket full, a session's reads
 * with no spacing, none in flight and none counted. Dock still remembers them, so for a lease after
 * the loss (2 minutes by default) creates and reads of the instances can draw 429s, and a session's
 * reads counted before the loss are counted again against its cap. Run the Redis with persistence
 * (AOF) and {@code maxmemory-policy noeviction} (the keys expire on their own).
 *
 * <p><b>Redis's clock</b> ({@code TIME}) times every step, so the instances' clocks do not matter.
 * A script that reads it has Redis replicate its writes, not the script whole (which a Redis 4, or a
 * Redis 5 or 6 with {@code lua-replicate-commands no}, would otherwise do, refusing the writes);
 * Redis 4.0 or later is needed.
 * A step of the Redis host's clock forwards (or a failover to a host whose clock is ahead) counts as
 * time passed: reads may be admitted and tokens refilled that much early. Keep the Redis hosts'
 * clocks synchronised.
 *
 * <p><b>When Redis is slower than the call's time left</b> (the forms taking {@code timeLeft},
 * which the client calls), no call waits past it, and no cool-down follows: a start fails with a
 * {@link dev.verifykit.error.StoreUnavailableException} and is undone right after it (should Redis
 * run it later); a report returns and is left to run when Redis gets to it.
 *
 * <pre>{@code
 * RedisGuardrailStore store = RedisGuardrailStore.builder(redisClient).build();
 * DockClient dock = DockClient.builder().apiKey(key).guardrailStore(store).build();
 * }</pre>
 *
 * Thread-safe. {@link #close()} is final: calls waiting for Redis end at once with a
 * {@link dev.verifykit.error.StoreUnavailableException}, a start among them (one being sent as the
 * close ran too) undone after it as when Redis does not answer in time; later calls fail at once
 * with one and send nothing. It closes the connection the store opened (not one it was given), after
 * those undos were sent on it (a start being handed to Lettuce as it runs is waited for, at most
 * the command timeout, and undone after it). Close the clients using the store before the store (try-with-resources with the
 * store declared first; Spring destroys a client bean before the store bean it depends on): a
 * client's {@code close()} sends the reports of the reads and creates it ended, without waiting for
 * Redis, and a store closed first refuses them (logged as warnings); their leases then end them, a
 * session held from every other instance meanwhile (2 minutes by default).
 */
public final class RedisGuardrailStore implements GuardrailStore, AutoCloseable {
    private static final Script CREATE_START = Script.load("create-start.lua");
    private static final Script CREATE_END = Script.load("create-end.lua");
    private static final Script CREATE_REFUSED = Script.load("create-refused.lua");
    private static final Script READ_START = Script.load("read-start.lua");
    private static final Script READ_ARRIVED = Script.load("read-arrived.lua");

    /** The default {@link Builder#createRefillMargin}: 3 %. */
    public static final double DEFAULT_CREATE_REFILL_MARGIN = 0.03;

    private final RedisCalls calls;
    private final String namespace;
    private final double refillMargin;

    private RedisGuardrailStore(RedisCalls calls, String namespace, double refillMargin) {
        this.calls = calls;
        this.namespace = namespace;
        this.refillMargin = refillMargin;
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

    @Override
    public Duration startCreate(String account, String createId, CreateRules rules) {
        return startCreate(account, createId, rules, NO_DEADLINE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@link #tryStartCreate}, telling its wait whatever its cause.
     */
    @Override
    public Duration startCreate(String account, String createId, CreateRules rules, Duration timeLeft) {
        return tryStartCreate(account, createId, rules, timeLeft).retryAfter();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A start that Redis did not answer in time may still run when Redis gets to it; the store
     * then sends, without waiting, the end of that create as not counted, which Redis runs after it,
     * so that the create holds no token. A refusal of Dock's that any instance sharing the store
     * recorded ({@link #createsRefused}) is told as {@link CreateStart.Kind#REFUSED}.
     */
    @Override
    public CreateStart tryStartCreate(String account, String createId, CreateRules rules, Duration timeLeft) {
        List<Object> answer = calls.script("the create was not sent", timeLeft, CREATE_START,
                new RedisCalls.Undo(CREATE_END, endCreateArgs(rules, createId, 0)), new byte[][] {bucketKey(account, rules)},
                StoreSettings.bytes(rules.burst()), StoreSettings.bytes(micros(slower(rules.refill()))),
                StoreSettings.bytes(Math.max(1, micros(rules.lease()))), StoreSettings.bytes(createId));
        long kind = StoreSettings.number(answer.get(0));
        if (kind == 0) {
            return CreateStart.started();
        }
        Duration wait = Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(StoreSettings.number(answer.get(1))));
        return kind == 2 ? CreateStart.refusedFor(wait) : CreateStart.waitFor(wait);
    }

    @Override
    public void createArrived(String account, String createId, CreateRules rules) {
        createArrived(account, createId, rules, NO_DEADLINE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Once {@code timeLeft} has passed the report is left to run when Redis gets to it.
     */
    @Override
    public void createArrived(String account, String createId, CreateRules rules, Duration timeLeft) {
        endCreate("the arrival of a create was not recorded", account, createId, rules, 1, timeLeft);
    }

    @Override
    public void createUncounted(String account, String createId, CreateRules rules) {
        createUncounted(account, createId, rules, NO_DEADLINE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Once {@code timeLeft} has passed the report is left to run when Redis gets to it.
     */
    @Override
    public void createUncounted(String account, String createId, CreateRules rules, Duration timeLeft) {
        endCreate("an unused create token was not freed", account, createId, rules, 0, timeLeft);
    }

    private void endCreate(String what, String account, String createId, CreateRules rules, int arrived, Duration timeLeft) {
        calls.record(what, timeLeft, CREATE_END, new byte[][] {bucketKey(account, rules)},
                endCreateArgs(rules, createId, arrived));
    }

    private byte[][] endCreateArgs(CreateRules rules, String createId, int arrived) {
        return new byte[][] {StoreSettings.bytes(rules.burst()), StoreSettings.bytes(micros(slower(rules.refill()))),
                StoreSettings.bytes(createId), StoreSettings.bytes(arrived)};
    }

    /**
     * {@inheritDoc}
     *
     * <p>Kept in the account's bucket (until then {@code startCreate} asks every instance to wait);
     * once {@code timeLeft} has passed the report is left to run when Redis gets to it.
     */
    @Override
    public void createsRefused(String account, CreateRules rules, Duration hold, Duration timeLeft) {
        calls.record("Dock's refusal of a create was not shared", timeLeft, CREATE_REFUSED,
                new byte[][] {bucketKey(account, rules)}, new byte[][] {StoreSettings.bytes(Math.max(1, micros(hold)))});
    }

    /** One bucket per account, as Dock keeps one per API key, whatever each instance's rules (a rolling change of them). */
    private byte[] bucketKey(String account, CreateRules rules) {
        return StoreSettings.key(namespace, "dock", account, "creates");
    }

    /** The refill with the margin on top. */
    private Duration slower(Duration refill) {
        return refill.plusNanos((long) Math.ceil(refill.toNanos() * refillMargin));
    }

    @Override
    public ReadStart startRead(String account, String sessionId, ReadRules rules) {
        return startRead(account, sessionId, rules, NO_DEADLINE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A start that Redis did not answer in time may still run when Redis gets to it; the store
     * then sends, without waiting, that read's arrival as of then, which Redis runs after it, so that
     * the session has no read in flight (the next one keeps the minimum interval from then).
     */
    @Override
    public ReadStart startRead(String account, String sessionId, ReadRules rules, Duration timeLeft) {
        String readId = UUID.randomUUID().toString();
        List<Object> answer = calls.script("a read of a session was not started", timeLeft, READ_START,
                new RedisCalls.Undo(READ_ARRIVED, readArrivedArgs(readId, Duration.ZERO)),
                new byte[][] {sessionKey(account, sessionId)},
                StoreSettings.bytes(micros(rules.minInterval())), StoreSettings.bytes(rules.cap()),
                StoreSettings.bytes(micros(rules.lease())), StoreSettings.bytes(Math.max(1, rules.keep().toMillis())),
                StoreSettings.bytes(readId));
        long kind = StoreSettings.number(answer.get(0));
        if (kind == 0) {
            return ReadStart.started(readId, (int) StoreSettings.number(answer.get(1)));
        }
        if (kind == 1) {
            Duration retryAfter = Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(StoreSettings.number(answer.get(1))));
            return answer.size() > 2 ? ReadStart.waitBehindReadInFlight(retryAfter) : ReadStart.waitFor(retryAfter);
        }
        return ReadStart.exhausted();
    }

    @Override
    public void readArrived(String account, String sessionId, String readId, Duration ago) {
        readArrived(account, sessionId, readId, ago, NO_DEADLINE);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Once {@code timeLeft} has passed the report is left to run when Redis gets to it.
     */
    @Override
    public void readArrived(String account, String sessionId, String readId, Duration ago, Duration timeLeft) {
        calls.record("the end of a read was not recorded", timeLeft, READ_ARRIVED,
                new byte[][] {sessionKey(account, sessionId)}, readArrivedArgs(readId, ago));
    }

    private static byte[][] readArrivedArgs(String readId, Duration ago) {
        return new byte[][] {StoreSettings.bytes(readId), StoreSettings.bytes(Math.max(0, micros(ago)))};
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
         * the refill (default 0.03, i.e. 3 %, 300 ms of Dock's 10 s; 0 to 0.5). The store takes a
         * create's token when the client reports its answer, a little after Dock took it (the
         * answer's way back, the report's way to Redis), and another instance may start a create
         * in between; refilling a little slower keeps every instance behind Dock's refills by more
         * than that. Costs at most this fraction of the create rate.
         */
        public Builder createRefillMargin(double value) {
            createRefillMargin = value;
            return this;
        }

        /**
         * Checks the settings and returns the store.
         *
         * @throws dev.verifykit.error.ValidationException naming a setting that breaks its rule
         * @throws dev.verifykit.error.StoreUnavailableException when built from a client and Redis cannot be reached or
         *     refuses the credentials given (a connection closed during the handshake is tried again, three
         *     attempts in all: Lettuce may report a refused handshake so)
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
