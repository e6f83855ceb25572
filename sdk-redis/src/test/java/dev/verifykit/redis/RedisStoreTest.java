package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.redis.internal.StoreSettings;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What the Redis stores write, where, and what their builders accept. */
class RedisStoreTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final CreateRules ONE_AN_HOUR = CreateRules.of(1, HOUR, HOUR);

    @Test
    void keysAreNamespacedAndHoldNoSecretAndExpire() {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore store = RedisGuardrailStore.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisReplayGuard guard = RedisReplayGuard.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            store.startCreate("0123abcd", "c1", CreateRules.of(6, Duration.ofSeconds(10), Duration.ofMinutes(2)));
            store.startRead("0123abcd", "vsn_A1", dev.verifykit.dock.GuardrailStore.ReadRules.of(Duration.ofSeconds(2), 60,
                    Duration.ofMinutes(2), HOUR));
            guard.claim("event/ver_1/verification.completed", Instant.EPOCH);

            List<String> keys = connection.sync().keys(namespace + ":*").stream()
                    .map(k -> new String(k, StandardCharsets.UTF_8)).sorted().collect(Collectors.toList());
            assertThat(keys).hasSize(3);
            assertThat(keys.get(0)).isEqualTo(namespace + ":dock:0123abcd:creates");
            assertThat(keys.get(1)).isEqualTo(namespace + ":dock:0123abcd:session:vsn_A1");
            assertThat(keys.get(2)).startsWith(namespace + ":webhook:").doesNotContain("ver_1").hasSize(
                    namespace.length() + ":webhook:".length() + 32);
            for (String key : keys) {
                assertThat(connection.sync().pttl(key.getBytes(StandardCharsets.UTF_8))).as("%s expires", key)
                        .isPositive();
            }
            assertThat(connection.isOpen()).as("a connection given is left open").isTrue();
        }
    }

    /**
     * Built from a client while Redis cannot be reached: a {@code StoreUnavailableException} (a
     * {@code VerifyKitException}, as every exception of the SDK), not Lettuce's own
     * {@code RedisConnectionException}.
     */
    @Test
    void buildingFromAClientWhileRedisCannotBeReachedIsAStoreUnavailableException() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again: nothing listens there
        }
        RedisClient nowhere = RedisClient.create(
                RedisURI.builder().withHost("127.0.0.1").withPort(port).build());
        try {
            assertThatThrownBy(() -> RedisGuardrailStore.builder(nowhere).build())
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("could not be reached");
            assertThatThrownBy(() -> RedisReplayGuard.builder(nowhere).build())
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("could not be reached");
        } finally {
            nowhere.shutdown();
        }
    }

    /**
     * A Redis refusing the password given: said so, not "could not be reached" (an operator looked
     * for a network fault), and the password is not quoted.
     */
    @Test
    void aPasswordRedisRefusesIsSaidToBeRefused() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(RedisServerProcess.binary(), "--requirepass", "right-pw")) {
            // a patient handshake: one timed out on a loaded machine closes the connection, a refusal
            // Redis never got to say ("could not be reached" is then the truth)
            RedisClient wrong = RedisClient.create(RedisURI.builder(server.uri())
                    .withPassword("wr0ng-pw".toCharArray()).withTimeout(SharedRedis.PATIENT).build());
            try {
                // before: "… (Redis) could not be reached, so it was not built (RedisConnectionException)"
                assertThatThrownBy(() -> RedisGuardrailStore.builder(wrong).build())
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("(Redis) refused the credentials given, so it was not built")
                        .hasMessageNotContaining("wr0ng-pw");
                assertThatThrownBy(() -> RedisReplayGuard.builder(wrong).build())
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("refused the credentials given");
            } finally {
                wrong.shutdown();
            }
        }
    }

    /**
     * A connection ended during Lettuce's handshake hid Redis's refusal of a wrong password: Lettuce
     * closes a refused handshake's connection itself and, when that close races its report (about 1
     * build in 40 on a busy 2-core machine, the test above failing with it), reports "Connection
     * closed prematurely", said "could not be reached". A build now connects again, three attempts
     * in all. A proxy ending the first connections before any answer reads the same to Lettuce; the
     * password here is right, so that no refusal (and no race of Lettuce's) decides the outcome.
     */
    @Test
    void aHandshakeEndedEarlyIsTriedAgainThreeAttemptsInAll() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(RedisServerProcess.binary(), "--requirepass", "right-pw");
                RespProxy proxy = new RespProxy(server.port(), true)) {
            RedisClient client = RedisClient.create(RedisURI.builder()
                    .withHost(InetAddress.getLoopbackAddress().getHostAddress()).withPort(proxy.port())
                    .withPassword("right-pw".toCharArray()).withTimeout(SharedRedis.PATIENT).build());
            try {
                proxy.endingAtOnce.set(2);
                // before: "… (Redis) could not be reached, so it was not built (RedisConnectionException)"
                try (RedisGuardrailStore store = RedisGuardrailStore.builder(client).build()) {
                    assertThat(store).isNotNull();
                }
                assertThat(proxy.endingAtOnce).hasValue(0);
                // three ended: the third attempt was the last (a fourth would have been built)
                proxy.endingAtOnce.set(3);
                assertThatThrownBy(() -> RedisReplayGuard.builder(client).build())
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("(Redis) could not be reached, so it was not built");
                assertThat(proxy.endingAtOnce).hasValue(0);
            } finally {
                client.shutdown();
            }
        }
    }

    /**
     * Only a connection closed during the handshake is tried again (the builders' Javadoc; "a
     * connection refused or timed out does not", {@code RedisCalls.closedInHandshake}): a server that
     * takes the connection and never answers makes Lettuce's handshake time out once, and the build
     * fails after that one attempt, not three. Counted by the connections the server took, up to a
     * marker connection of the test's own made after the build failed (taken in order).
     */
    @Test
    void aHandshakeThatTimesOutIsNotTriedAgain() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BlockingQueue<Socket> taken = new LinkedBlockingQueue<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        taken.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test ended
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            RedisClient client = RedisClient.create(RedisURI.builder()
                    .withHost(InetAddress.getLoopbackAddress().getHostAddress()).withPort(silent.getLocalPort())
                    .withTimeout(Duration.ofMillis(100)).build());
            try (Socket marker = new Socket()) {
                assertThatThrownBy(() -> RedisReplayGuard.builder(client).build())
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("(Redis) could not be reached, so it was not built");
                marker.connect(silent.getLocalSocketAddress());
                int attempts = 0;
                for (Socket s = taken.take(); s.getPort() != marker.getLocalPort(); s = taken.take()) {
                    attempts++;
                    s.close();
                }
                assertThat(attempts).as("connections the build made").isEqualTo(1);
            } finally {
                client.shutdown();
                taken.forEach(s -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                });
            }
        }
    }

    /**
     * Instances leasing reads for different times share a session: one with a short lease took
     * another's read in flight, leased for an hour, for over once its own lease had passed, and
     * started a second read of the session beside it. A read's lease is now its own instance's.
     * The pause is a lower bound on Redis's clock (past the 1-ms lease whatever the machine).
     */
    @Test
    void aShortLeaseDoesNotEndAnotherInstancesReadInFlight() throws Exception {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore store = RedisGuardrailStore.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            ReadRules longLease = ReadRules.of(Duration.ZERO, 60, HOUR, HOUR);
            ReadRules shortLease = ReadRules.of(Duration.ZERO, 60, Duration.ofMillis(1), HOUR);
            assertThat(store.startRead("0123abcd", "vsn_A1", longLease).kind()).isEqualTo(ReadStart.Kind.STARTED);
            Thread.sleep(50);

            assertThat(store.startRead("0123abcd", "vsn_A1", shortLease).kind()).as("the hour-long read still in flight")
                    .isEqualTo(ReadStart.Kind.WAIT);
        }
    }

    /**
     * Instances leasing creates for different times share one bucket: one with a short lease, refused
     * a token, set the bucket's expiry by its own lease, so that the bucket went (and a token with it)
     * while another instance's create, leased for an hour, was in flight. The expiry now covers the
     * longest lease in flight. Read from the key's time to live, not by waiting it out.
     */
    @Test
    void aShortLeaseDoesNotShortenTheBucketBelowALongerLeaseInFlight() {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore store = RedisGuardrailStore.builder(connection).namespace(namespace)
                        .createRefillMargin(0).commandTimeout(SharedRedis.PATIENT).build()) {
            Duration refill = Duration.ofMillis(100);
            assertThat(store.startCreate("0123abcd", "long", CreateRules.of(1, refill, HOUR))).isZero();
            assertThat(store.startCreate("0123abcd", "short", CreateRules.of(1, refill, Duration.ofMillis(300))))
                    .isPositive();

            byte[] bucket = (namespace + ":dock:0123abcd:creates").getBytes(StandardCharsets.UTF_8);
            assertThat(Duration.ofMillis(connection.sync().pttl(bucket))).as("the bucket's time to live")
                    .isGreaterThan(Duration.ofMinutes(59));
        }
    }

    /**
     * What Redis losing the store's keys (a restart without persistence, a flush, an eviction, a
     * failover to a replica behind) forgets, as the README and RELIABILITY.md say: the bucket is full
     * again, and a session's read in flight, spacing and count are gone.
     */
    @Test
    void keysRedisLosesAreForgotten() {
        String namespace = SharedRedis.namespace();
        ReadRules oneRead = ReadRules.of(Duration.ofSeconds(2), 1, HOUR, HOUR);
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore store = RedisGuardrailStore.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            assertThat(store.startCreate("acct", "c1", ONE_AN_HOUR)).isZero();
            store.createArrived("acct", "c1", ONE_AN_HOUR);
            assertThat(store.startCreate("acct", "c2", ONE_AN_HOUR)).as("the bucket is empty").isPositive();
            assertThat(store.startRead("acct", "vsn_A1", oneRead).kind()).isEqualTo(ReadStart.Kind.STARTED);
            assertThat(store.startRead("acct", "vsn_A1", oneRead).kind()).isEqualTo(ReadStart.Kind.EXHAUSTED);

            connection.sync().keys(namespace + ":*").forEach(key -> connection.sync().del(key));

            assertThat(store.startCreate("acct", "c3", ONE_AN_HOUR)).as("full again").isZero();
            assertThat(store.startRead("acct", "vsn_A1", oneRead).kind()).as("the read in flight and the count forgotten")
                    .isEqualTo(ReadStart.Kind.STARTED);
        }
    }

    @Test
    void theCreateBucketRefillsWithItsMarginOnTop() {
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client())
                .namespace(SharedRedis.namespace()).commandTimeout(SharedRedis.PATIENT).createRefillMargin(0.5).build()) {
            assertThat(store.startCreate("acct", "c1", ONE_AN_HOUR)).isZero();
            store.createArrived("acct", "c1", ONE_AN_HOUR);
            assertThat(store.startCreate("acct", "c2", ONE_AN_HOUR)).as("an hour and a half, less the moments passed")
                    .isGreaterThan(HOUR.plusMinutes(29)).isLessThanOrEqualTo(HOUR.plusMinutes(30));
        }
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client())
                .namespace(SharedRedis.namespace()).commandTimeout(SharedRedis.PATIENT).build()) {
            // a refill of 100 hours: its 3 % (3 hours) told from 2 % or 4 % by a window of a minute, not of a second
            CreateRules oneIn100Hours = CreateRules.of(1, HOUR.multipliedBy(100), HOUR);
            store.startCreate("acct", "c1", oneIn100Hours);
            store.createArrived("acct", "c1", oneIn100Hours);
            assertThat(store.startCreate("acct", "c2", oneIn100Hours)).as("3 %% by default")
                    .isGreaterThan(HOUR.multipliedBy(103).minusMinutes(1)).isLessThanOrEqualTo(HOUR.multipliedBy(103));
        }
    }

    @Test
    void theBuildersCheckTheirSettings() {
        assertThatThrownBy(() -> RedisGuardrailStore.builder(SharedRedis.client()).commandTimeout(Duration.ZERO).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("commandTimeout"));
        assertThatThrownBy(() -> RedisGuardrailStore.builder(SharedRedis.client()).coolDown(Duration.ofSeconds(-1)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("coolDown"));
        assertThatThrownBy(() -> RedisGuardrailStore.builder(SharedRedis.client()).namespace("two words").build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("namespace"));
        assertThatThrownBy(() -> RedisGuardrailStore.builder(SharedRedis.client()).createRefillMargin(0.6).build())
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("createRefillMargin"));
        assertThatThrownBy(() -> RedisReplayGuard.builder(SharedRedis.client()).claimTimeout(Duration.ofNanos(10)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("claimTimeout"));
        // extended every third of it, at most once a millisecond: a shorter claim would lapse as it is extended
        assertThatThrownBy(() -> RedisReplayGuard.builder(SharedRedis.client()).claimTimeout(Duration.ofNanos(2_999_999)).build())
                .isInstanceOf(ValidationException.class).hasMessage("claimTimeout: must be at least 3 ms");
        assertThatThrownBy(() -> RedisReplayGuard.builder(SharedRedis.client()).ttl(null).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
        assertThatThrownBy(() -> RedisReplayGuard.builder((RedisClient) null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("client"));
        try (RedisReplayGuard guard = RedisReplayGuard.builder(SharedRedis.client()).build()) {
            assertThat(guard.toString()).contains("namespace=verifykit", "ttl=PT24H", "claimTimeout=PT1M",
                    "commandTimeout=PT0.5S");
        }
    }

    /**
     * The edges of the builders' rules, as their Javadoc states them: a namespace of "1 to 64 printable
     * ASCII characters, no spaces" ('!' and '~' in, a space, DEL or a letter past ASCII out), a refill
     * margin "0 to 0.5", a time to live of "at least a millisecond" (a shorter one would be sent to
     * Redis as {@code PX 0}, which Redis refuses, and every commit would fail).
     */
    @Test
    void theBuildersTakeTheEdgesOfTheirRules() {
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE)) {
            for (String namespace : List.of("!", "~".repeat(64), "a!~z")) {
                RedisGuardrailStore.builder(connection).namespace(namespace).build().close();
            }
            for (String namespace : List.of("", "a".repeat(65), "a\u007f", "caf\u00e9", "a\tb", "a b")) {
                assertThatThrownBy(() -> RedisGuardrailStore.builder(connection).namespace(namespace).build())
                        .as("namespace %s", namespace)
                        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("namespace"));
            }
            RedisGuardrailStore.builder(connection).createRefillMargin(0.5).build().close();
            assertThatThrownBy(() -> RedisGuardrailStore.builder(connection).createRefillMargin(-0.01).build())
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("createRefillMargin"));
            assertThatThrownBy(() -> RedisGuardrailStore.builder(connection).createRefillMargin(Double.NaN).build())
                    .isInstanceOf(ValidationException.class);

            String namespace = SharedRedis.namespace();
            try (RedisReplayGuard guard = RedisReplayGuard.builder(connection).namespace(namespace)
                    .commandTimeout(SharedRedis.PATIENT).ttl(Duration.ofMillis(1)).build()) {
                guard.commit(guard.claim("k", Instant.EPOCH), Instant.EPOCH); // PX 1: taken by Redis
            }
            assertThatThrownBy(() -> RedisReplayGuard.builder(connection).ttl(Duration.ofNanos(999_999)).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
        }
    }

    /**
     * A failure Redis answers (here {@code WRONGTYPE}, a session's key that is not a hash) starts the
     * cool-down as a lost connection does (the class Javadoc: "for the cool-down after a failure
     * calls fail at once without asking Redis"): the next call, of another session, fails at once and
     * writes nothing. A cool-down of an hour, so that no machine's pause races it.
     */
    @Test
    void aFailureRedisAnswersStartsTheCoolDown() {
        String namespace = SharedRedis.namespace();
        ReadRules rules = ReadRules.of(Duration.ZERO, 60, HOUR, HOUR);
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore store = RedisGuardrailStore.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).coolDown(HOUR).build()) {
            connection.sync().set((namespace + ":dock:acct:session:vsn_bad").getBytes(StandardCharsets.UTF_8),
                    "not a hash".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> store.startRead("acct", "vsn_bad", rules))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("could not be reached");

            assertThatThrownBy(() -> store.startRead("acct", "vsn_good", rules))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("in its cool-down after a failure");
            assertThat(connection.sync().exists((namespace + ":dock:acct:session:vsn_good").getBytes(StandardCharsets.UTF_8)))
                    .as("nothing asked of Redis").isZero();
        }
    }

    /**
     * RedisReplayGuard: "A commit or a release that fails is logged and sent again without waiting, to run
     * when Redis gets to it"; its release: "When that fails (... or the guard is in its cool-down and did
     * not ask) the release is sent again". Refused unsent in the cool-down after one failure Redis answered
     * ({@code WRONGTYPE}: a delivery's key that is not a string), each call still fails with
     * {@code StoreUnavailableException}, and what it records takes effect: read by another guard on the same
     * connection, whose commands Redis runs after those sent before them. A cool-down of an hour, so that no
     * machine's pause races it.
     */
    @Test
    void aCommitOrAReleaseRefusedInTheCoolDownIsSentAgainAndTakesEffect() {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisReplayGuard cooling = RedisReplayGuard.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).coolDown(HOUR).build();
                RedisReplayGuard other = RedisReplayGuard.builder(connection).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            ReplayGuard.Claim released = cooling.claim("event/ver_1/verification.completed", Instant.EPOCH);
            ReplayGuard.Claim committed = cooling.claim("event/ver_2/verification.completed", Instant.EPOCH);
            assertThat(List.of(released.kind(), committed.kind())).containsOnly(ReplayGuard.Claim.Kind.CLAIMED);
            connection.sync().lpush(keyOf(namespace, "event/ver_bad/verification.completed"),
                    "not a string".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> cooling.claim("event/ver_bad/verification.completed", Instant.EPOCH))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("could not be reached");

            assertThatThrownBy(() -> cooling.release(released)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("in its cool-down after a failure");
            assertThatThrownBy(() -> cooling.commit(committed, Instant.EPOCH)).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("in its cool-down after a failure");

            assertThat(other.claim(released.deliveryKey(), Instant.EPOCH).kind()).as("the release, sent again")
                    .isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            assertThat(other.claim(committed.deliveryKey(), Instant.EPOCH).kind()).as("the commit, sent again")
                    .isEqualTo(ReplayGuard.Claim.Kind.DONE);
        }
    }

    /** The key of a delivery, as the class Javadoc of RedisReplayGuard names it. */
    private static byte[] keyOf(String namespace, String deliveryKey) {
        return (namespace + ":webhook:" + StoreSettings.hash(deliveryKey)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A call whose thread is interrupted keeps the interrupt flag set (the {@code GuardrailStore}
     * Javadoc: a store "should stop at an interrupt (keeping the flag set)"), and starts no cool-down
     * (Redis was not shown to be unwell): the next call goes to Redis. Whether the interrupt caught
     * the call waiting or Redis answered first, the flag is still set after it.
     */
    @Test
    void anInterruptedCallKeepsTheFlagAndStartsNoCoolDown() {
        ReadRules rules = ReadRules.of(Duration.ZERO, 60, HOUR, HOUR);
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(SharedRedis.namespace())
                .commandTimeout(SharedRedis.PATIENT).coolDown(HOUR).build()) {
            for (int i = 0; i < 5; i++) {
                Thread.currentThread().interrupt();
                try {
                    store.startRead("acct", "vsn_" + i, rules);
                } catch (StoreUnavailableException e) {
                    assertThat(e).hasMessageContaining("interrupted while waiting for Redis");
                } finally {
                    assertThat(Thread.interrupted()).as("the interrupt flag, kept").isTrue();
                }
            }
            assertThat(store.startRead("acct", "vsn_after", rules).kind()).as("no cool-down").isEqualTo(ReadStart.Kind.STARTED);
        }
    }

    /**
     * As every other duration setting of VerifyKit (the README's "Timeouts"): a duration the clock cannot
     * count is refused by the builder, naming its setting. A command timeout or cool-down of
     * {@code ChronoUnit.FOREVER} failed {@code build()} with {@code ArithmeticException} (after opening
     * the connection), and a claim timeout of a thousand years was accepted; one just past the longest
     * was quoted as the longest ("(was 999999999 s)").
     */
    @Test
    void aDurationTooLongForTheClockIsRefusedNamingItsSetting() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        Duration tooLong = Duration.ofSeconds(1_000_000_000);
        assertThatThrownBy(() -> RedisGuardrailStore.builder(SharedRedis.client()).commandTimeout(forever).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("commandTimeout"));
        assertThatThrownBy(() -> RedisGuardrailStore.builder(SharedRedis.client()).coolDown(forever).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("coolDown"));
        assertThatThrownBy(() -> RedisReplayGuard.builder(SharedRedis.client()).ttl(forever).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
        assertThatThrownBy(() -> RedisReplayGuard.builder(SharedRedis.client()).claimTimeout(tooLong).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("claimTimeout");
                    assertThat(e.rule()).contains("999999999 s");
                });
        // just past the longest: quoted with its fraction, not as the whole seconds the rule allows
        assertThatThrownBy(() -> RedisReplayGuard.builder(SharedRedis.client())
                .claimTimeout(Duration.ofSeconds(999_999_999, 500_000_000)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.rule()).contains("(was 999999999.5 s)"));
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client())
                .coolDown(Duration.ofSeconds(999_999_999)).build()) {
            assertThat(store.toString()).contains("namespace=verifykit");
        }
    }

    /**
     * {@code close()} is final for a store on a connection it was given too: every call fails at once
     * with {@link StoreUnavailableException} and nothing reaches Redis (before, a closed store went on
     * taking tokens, reads and claims), while the connection is left open for its owner.
     */
    @Test
    void aClosedStoreFailsAtOnceAndSendsNothing() {
        String namespace = SharedRedis.namespace();
        ReadRules rules = ReadRules.of(Duration.ofSeconds(2), 60, HOUR, HOUR);
        ReplayGuard.Claim claim = ReplayGuard.Claim.claimed("event/ver_1/verification.completed", "token");
        try (StatefulRedisConnection<byte[], byte[]> connection = SharedRedis.client().connect(ByteArrayCodec.INSTANCE)) {
            RedisGuardrailStore store = RedisGuardrailStore.builder(connection).namespace(namespace).build();
            RedisReplayGuard guard = RedisReplayGuard.builder(connection).namespace(namespace).build();
            store.close();
            guard.close();
            guard.close(); // a second close does nothing

            List<ThrowingCallable> calls = List.of(
                    () -> store.startCreate("acct", "c1", ONE_AN_HOUR),
                    () -> store.createArrived("acct", "c1", ONE_AN_HOUR),
                    () -> store.createUncounted("acct", "c1", ONE_AN_HOUR, Duration.ofMillis(1)),
                    () -> store.startRead("acct", "vsn_A1", rules),
                    () -> store.readArrived("acct", "vsn_A1", "r1", Duration.ZERO),
                    () -> guard.claim(claim.deliveryKey(), Instant.EPOCH),
                    () -> guard.commit(claim, Instant.EPOCH),
                    () -> guard.release(claim));
            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).isInstanceOfSatisfying(StoreUnavailableException.class,
                        e -> assertThat(e.getMessage()).contains("(Redis) was closed", "nothing was sent"));
            }
            guard.extend(claim, Instant.EPOCH); // sent without waiting: after close, not sent

            assertThat(connection.sync().ping()).isEqualTo("PONG"); // after every command sent before it
            assertThat(connection.sync().keys(namespace + ":*")).isEmpty();
            assertThat(connection.isOpen()).as("a connection given is left open").isTrue();
        }
    }

    /**
     * RedisGuardrailStore: the create bucket is "one per API key, as Dock keeps it, also while instances'
     * rules differ (during a rolling change of them ...)", and create-start.lua's expiry is meant to keep
     * it "until it would be full with nothing in flight again ... whichever instance's". An instance with
     * a smaller {@code createBurst} (3, beside instances on Dock's 6: a rolling change, or an instance
     * configured apart) that merely asks for a token sets the bucket's expiry by its own burst: the time
     * to refill 3 tokens. The bucket then goes while it holds 3 of the 6 tokens the other instances
     * spent, and the next instance on 6 finds it full and sends 6 creates into Dock's bucket of 3:
     * three 429s, the guardrail the store exists to keep. Read from the key's time to live, not by
     * waiting it out (hour-long refills), as {@code aShortLeaseDoesNotShortenTheBucketBelowALongerLeaseInFlight} does.
     */
    @Test
    void anInstanceWithASmallerBurstDoesNotShortenTheSharedBucket() {
        String namespace = SharedRedis.namespace();
        try (StatefulRedisConnection<byte[], byte[]> admin = SharedRedis.client().connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore onSix = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .createRefillMargin(0).commandTimeout(SharedRedis.PATIENT).build();
                RedisGuardrailStore onThree = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .createRefillMargin(0).commandTimeout(SharedRedis.PATIENT).build()) {
            CreateRules six = CreateRules.of(6, Duration.ofHours(1), Duration.ofMinutes(1));
            CreateRules three = CreateRules.of(3, Duration.ofHours(1), Duration.ofMinutes(1));
            for (int i = 0; i < 6; i++) {
                assertThat(onSix.startCreate("acct", "c" + i, six)).as("token " + i).isZero();
                onSix.createArrived("acct", "c" + i, six); // Dock took it: nothing in flight
            }
            byte[] bucket = (namespace + ":dock:acct:creates").getBytes(StandardCharsets.UTF_8);
            assertThat(Duration.ofMillis(admin.sync().pttl(bucket))).as("the empty bucket's time to live, set by the"
                    + " instance on 6").isGreaterThan(Duration.ofHours(6).minusMinutes(1));

            assertThat(onThree.startCreate("acct", "d0", three)).as("the bucket is empty").isPositive();

            assertThat(Duration.ofMillis(admin.sync().pttl(bucket))).as("the bucket's time to live once an instance on a"
                    + " burst of 3 asked: it must last until the 6 tokens spent are back (6 refills), or the instances on 6"
                    + " find it full while Dock's holds 3").isGreaterThan(Duration.ofHours(6).minusMinutes(1));
        }
    }
}
