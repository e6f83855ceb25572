package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What instances of one API key share in Redis when their settings differ, and script cache loss. */
class SharedBucketRulesTest {
    /** Redis's clock against this JVM's nanoTime: both this machine's, read apart by a round trip. */
    private static final Duration CLOCK_SLACK = Duration.ofMillis(10);
    private static final Duration HOUR = Duration.ofHours(1);

    /**
     * A rolling deployment lowering createBurst from 6 to 3 (or instances configured apart): Dock
     * keeps one bucket of 6 per API key. The store keyed its bucket by burst and refill, so the
     * instances on 3 and those on 6 took 3 + 6 = 9 tokens at once between them. Whatever each
     * instance believes, together they take no more than the larger burst.
     */
    @Test
    void instancesWithDifferentBurstSettingsShareOneBucketPerApiKey() {
        String namespace = SharedRedis.namespace();
        try (RedisGuardrailStore oldInstance = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisGuardrailStore newInstance = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            int started = 0;
            for (int i = 0; i < 10; i++) {
                if (oldInstance.startCreate("acct", "old-" + i, CreateRules.of(6, HOUR, HOUR)).isZero()) {
                    started++;
                }
                if (newInstance.startCreate("acct", "new-" + i, CreateRules.of(3, HOUR, HOUR)).isZero()) {
                    started++;
                }
            }
            assertThat(started).as("creates started at once by both instances of one API key (Dock's burst: 6)")
                    .isLessThanOrEqualTo(6);
        }
    }

    /**
     * Dock's refusal of a create, told to the store by one instance, holds every instance's creates
     * (nothing is held meanwhile), for as long as it was asked and no longer; the bucket's key lives
     * at least that long.
     */
    @Test
    void aRefusalHoldsEveryInstancesCreatesUntilItEnds() throws Exception {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> admin = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore refused = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisGuardrailStore other = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            CreateRules rules = CreateRules.of(6, Duration.ofSeconds(10), HOUR);
            refused.createsRefused("acct", rules, Duration.ofMinutes(50), GuardrailStore.NO_DEADLINE);
            refused.createsRefused("acct", rules, Duration.ofMillis(1), GuardrailStore.NO_DEADLINE); // a shorter one does not shorten it
            Duration wait = other.startCreate("acct", "c1", rules);
            assertThat(wait).isGreaterThan(Duration.ofMinutes(49)).isLessThanOrEqualTo(Duration.ofMinutes(50));
            assertThat(admin.sync().pttl((namespace + ":dock:acct:creates").getBytes(StandardCharsets.UTF_8)))
                    .as("the bucket's time to live (ms)").isGreaterThan(Duration.ofMinutes(49).toMillis());

            Duration shortHold = Duration.ofMillis(200);
            long told = System.nanoTime();
            refused.createsRefused("other", rules, shortHold, GuardrailStore.NO_DEADLINE);
            Duration short_ = other.startCreate("other", "c1", rules);
            // Redis's clock counts at most what this machine took (and a little for the clocks'
            // difference): the refusal is asked to hold that much at least, however long a loaded
            // machine paused; a pause past the hold leaves nothing to check but its end.
            Duration passed = Duration.ofNanos(System.nanoTime() - told).plus(CLOCK_SLACK);
            assertThat(short_).isLessThanOrEqualTo(shortHold);
            if (passed.compareTo(shortHold) < 0) {
                assertThat(short_).as("the refusal still holds").isGreaterThanOrEqualTo(shortHold.minus(passed));
            }
            Thread.sleep(short_.toMillis() + 1); // at least the refusal's time: a slow machine only makes it later
            assertThat(other.startCreate("other", "c1", rules)).as("the refusal ended").isZero();
            for (int i = 2; i <= 6; i++) {
                assertThat(other.startCreate("other", "c" + i, rules)).as("the bucket's tokens untouched").isZero();
            }
        }
    }

    /**
     * {@code tryStartCreate} tells why a create waits (its Javadoc): an empty bucket is
     * {@code WAIT}, only Dock's refusal kept in the store is {@code REFUSED}, so that the client's
     * error names the bucket or the refusal, whichever holds the create back.
     */
    @Test
    void aWaitForATokenIsToldApartFromAWaitForDocksRefusal() {
        String namespace = SharedRedis.namespace();
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                .commandTimeout(SharedRedis.PATIENT).build()) {
            CreateRules oneAnHour = CreateRules.of(1, HOUR, HOUR);
            assertThat(store.tryStartCreate("acct", "c1", oneAnHour, GuardrailStore.NO_DEADLINE).kind())
                    .isEqualTo(GuardrailStore.CreateStart.Kind.STARTED);
            GuardrailStore.CreateStart empty = store.tryStartCreate("acct", "c2", oneAnHour, GuardrailStore.NO_DEADLINE);
            assertThat(empty.kind()).as("the bucket's token is held: a wait for a token").isEqualTo(
                    GuardrailStore.CreateStart.Kind.WAIT);
            assertThat(empty.retryAfter()).isPositive();

            store.createsRefused("other", oneAnHour, Duration.ofMinutes(50), GuardrailStore.NO_DEADLINE);
            GuardrailStore.CreateStart refusal = store.tryStartCreate("other", "c1", oneAnHour, GuardrailStore.NO_DEADLINE);
            assertThat(refusal.kind()).isEqualTo(GuardrailStore.CreateStart.Kind.REFUSED);
            assertThat(refusal.retryAfter()).isGreaterThan(Duration.ofMinutes(49));
        }
    }

    /** SCRIPT FLUSH (Redis's script cache lost, e.g. a failover): every call still works (NOSCRIPT handled). */
    @Test
    void scriptCacheLossIsHandled() {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> admin = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisReplayGuard guard = RedisReplayGuard.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            CreateRules creates = CreateRules.of(2, HOUR, HOUR);
            ReadRules reads = ReadRules.of(Duration.ZERO, 60, HOUR, HOUR);
            assertThat(store.startCreate("acct", "c1", creates)).isZero();
            ReadStart first = store.startRead("acct", "vsn_1", reads);
            admin.sync().scriptFlush();
            store.createArrived("acct", "c1", creates);
            store.readArrived("acct", "vsn_1", first.readId(), Duration.ZERO);
            admin.sync().scriptFlush();
            assertThat(store.startCreate("acct", "c2", creates)).isZero();
            admin.sync().scriptFlush();
            assertThat(store.startRead("acct", "vsn_1", reads).kind()).isEqualTo(ReadStart.Kind.STARTED);
            admin.sync().scriptFlush();
            ReplayGuard.Claim claim = guard.claim("ev-1", Instant.EPOCH);
            assertThat(claim.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            admin.sync().scriptFlush();
            guard.release(claim);
            assertThat(guard.claim("ev-1", Instant.EPOCH).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        }
    }
}
