package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.testing.Await;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} of a Redis store or guard while one of its calls waits for a frozen Redis: the
 * call ends at once, whether the store owns its connection or was given the application's, and
 * what the call had sent, which Redis runs once thawed, is undone after it as when Redis does not
 * answer in time ({@code RedisOutageTest}). The stores' command timeout (2 minutes) is far beyond
 * the 30-s bound on a call's end, so only the close ends it. The stores checking afterwards wait as
 * long (with the default 500 ms, a thawed Redis on a loaded machine could answer them too late).
 */
class RedisCloseTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration PATIENT = Duration.ofMinutes(2);
    private static final CreateRules ONE_TOKEN = CreateRules.of(1, Duration.ofHours(1), Duration.ofHours(1));
    private static final ReadRules RULES = ReadRules.of(Duration.ZERO, 60, Duration.ofHours(1), Duration.ofHours(1));

    private RedisServerProcess server;
    private RedisClient client;

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.start();
        client = RedisClient.create(RedisURI.builder(server.uri()).withTimeout(Duration.ofSeconds(60)).build());
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdown();
        server.close();
    }

    @Test
    void closingAnOwnedGuardEndsAClaimWaitingForRedis() throws Exception {
        RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build();
        assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        try (RedisServerProcess.Frozen frozen = server.freeze()) {
            assertThat(failureOfACallEndedByClose(() -> guard.claim("delivery/1", NOW), guard))
                    .isInstanceOf(StoreUnavailableException.class);
        }
    }

    /** The close of a guard on the application's connection (which it leaves open) ended no wait: each went on to the command timeout. */
    @Test
    void closingAGuardOnTheApplicationsConnectionEndsAClaimWaitingForRedis() throws Exception {
        try (StatefulRedisConnection<byte[], byte[]> app = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisReplayGuard guard = RedisReplayGuard.builder(app).commandTimeout(PATIENT).build();
            assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThat(failureOfACallEndedByClose(() -> guard.claim("delivery/1", NOW), guard))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("the replay guard (Redis) was closed while waiting for Redis, so the"
                                + " webhook delivery was not claimed");
            }
        }
    }

    /**
     * A claim sent before the guard (on the application's connection) closed runs once Redis is
     * thawed; the release that follows an unanswered claim was dropped as the guard was closed, and
     * the delivery stayed "in progress", held by no one, for the claim timeout: every instance
     * answered the service's retries 409.
     */
    @Test
    void closingAGuardOnTheApplicationsConnectionReleasesTheClaimItWaitedFor() throws Exception {
        try (StatefulRedisConnection<byte[], byte[]> app = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisReplayGuard guard = RedisReplayGuard.builder(app).commandTimeout(PATIENT).build();
            assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThat(failureOfACallEndedByClose(() -> guard.claim("delivery/1", NOW), guard))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            // the connection is still open: Redis runs what follows after everything sent before on it
            try (RedisReplayGuard next = RedisReplayGuard.builder(app).commandTimeout(PATIENT).build()) {
                assertThat(next.claim("delivery/1", NOW).kind()).as("no claim left that nobody holds")
                        .isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            }
        }
    }

    /**
     * The same for a guard on a connection of its own: the claim was written before the close, and
     * Redis runs it once thawed (it reads what arrived before the connection's end); the guard sent
     * no release.
     */
    @Test
    void closingAnOwnedGuardReleasesTheClaimItWaitedForBeforeItsConnectionCloses() throws Exception {
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build();
            assertThat(guard.claim("delivery/warm", NOW).kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThat(failureOfACallEndedByClose(() -> guard.claim("delivery/1", NOW), guard))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            // until Redis has seen the guard's connection end, after what it carried (a bound of 30 s)
            for (int i = 0; i < 3000 && admin.sync().clientList().lines().count() > 1; i++) {
                Thread.sleep(10);
            }
            assertThat(admin.sync().clientList().lines().count()).as("the guard's connection ended").isEqualTo(1);
            try (RedisReplayGuard next = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build()) {
                assertThat(next.claim("delivery/1", NOW).kind()).as("no claim left that nobody holds")
                        .isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            }
        }
    }

    /** A create's start sent before the store closed ran once Redis was thawed, and its token stayed taken for the create's lease. */
    @Test
    void closingAStoreFreesTheTokenOfACreateStartItWaitedFor() throws Exception {
        try (StatefulRedisConnection<byte[], byte[]> app = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisGuardrailStore store = RedisGuardrailStore.builder(app).commandTimeout(PATIENT).build();
            assertThat(store.startCreate("other", "create-warm", ONE_TOKEN)).as("the scripts loaded").isZero();
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThat(failureOfACallEndedByClose(() -> store.startCreate("acct", "create-1", ONE_TOKEN), store))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            try (RedisGuardrailStore next = RedisGuardrailStore.builder(app).commandTimeout(PATIENT).build()) {
                assertThat(next.startCreate("acct", "create-2", ONE_TOKEN)).as("the token is free").isZero();
            }
        }
    }

    /** A read's start sent before the store closed ran once Redis was thawed, and held the session for the read's lease. */
    @Test
    void closingAStoreEndsTheReadOfAReadStartItWaitedFor() throws Exception {
        try (StatefulRedisConnection<byte[], byte[]> app = client.connect(ByteArrayCodec.INSTANCE)) {
            RedisGuardrailStore store = RedisGuardrailStore.builder(app).commandTimeout(PATIENT).build();
            assertThat(store.startRead("acct", "vsn_warm", RULES).kind()).as("the scripts loaded")
                    .isEqualTo(ReadStart.Kind.STARTED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThat(failureOfACallEndedByClose(() -> store.startRead("acct", "vsn_1", RULES), store))
                        .isInstanceOf(StoreUnavailableException.class);
            }
            try (RedisGuardrailStore next = RedisGuardrailStore.builder(app).commandTimeout(PATIENT).build()) {
                assertThat(next.startRead("acct", "vsn_1", RULES).kind()).as("no read of the session left in flight")
                        .isEqualTo(ReadStart.Kind.STARTED);
            }
        }
    }

    /**
     * Runs {@code call} on a thread of its own, closes {@code store} once the call waits for Redis,
     * and returns what the call threw (null when it did not end within 30 s of the close).
     */
    private static Throwable failureOfACallEndedByClose(ThrowingCallable call, AutoCloseable store) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread caller = new Thread(() -> failure.complete(catchThrowable(call)), "caller");
        caller.setDaemon(true); // left waiting for Redis if the close does not end its call
        caller.start();
        awaitWaitingForRedis(caller);
        store.close();
        try {
            return failure.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException stillWaiting) {
            return null;
        }
    }

    /** Until {@code thread} waits for an answer of Redis, its command sent (a bound of 30 s on getting there). */
    private static void awaitWaitingForRedis(Thread thread) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("get")
                    && frame.getClassName().equals(CompletableFuture.class.getName()))
                    && Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("await")
                    && frame.getClassName().endsWith("RedisCalls"))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the call did not reach Redis");
    }

    /**
     * RedisGuardrailStore's Javadoc: "the reports that a create or a read ended, and what follows a call
     * up (an undo, a report sent again), go with the script's text ({@code EVAL}), which a Redis that lost
     * its scripts still runs" (and RedisCalls.record: "an EVALSHA refused once the caller has gone would
     * be lost"). A report given more time than the command timeout (the client's usual case: a read's
     * call timeout or a wait's deadline is longer than 500 ms) went by its digest ({@code EVALSHA}); the
     * store closing while it waited for Redis ended the wait and sent nothing more, and Redis, having lost
     * its scripts, refused it ({@code NOSCRIPT}) when it got to it: the session's read stayed in flight for
     * every instance until its lease ended.
     */
    @Test
    void aReadsEndReportedAsTheStoreClosesTakesEffectInARedisThatLostItsScripts() throws Exception {
        String sessionKey = "verifykit:dock:acct:session:vsn_1";
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            RedisGuardrailStore store = RedisGuardrailStore.builder(client).commandTimeout(SharedRedis.PATIENT).build();
            ReadStart read = store.startRead("acct", "vsn_1", RULES);
            assertThat(read.kind()).isEqualTo(ReadStart.Kind.STARTED);
            admin.sync().scriptFlush(); // a restart with persistence, a failover: the keys kept, the scripts lost
            admin.sync().configResetstat();

            CompletableFuture<Throwable> reported = new CompletableFuture<>();
            Thread reporter;
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                reporter = new Thread(() -> {
                    try {
                        store.readArrived("acct", "vsn_1", read.readId(), Duration.ZERO); // no deadline of the caller's
                        reported.complete(null);
                    } catch (Throwable e) {
                        reported.complete(e);
                    }
                }, "reporter");
                reporter.start();
                // handed to Lettuce (written to Redis's socket) and waiting for the answer
                Await.awaitTrue(() -> reporter.getState() == Thread.State.TIMED_WAITING);
                store.close();
                reporter.join();
            }
            assertThat(reported.get()).as("the close ended the report's wait").isNotNull();

            // Redis runs what it was sent: until it has, the read is in flight (or an EVALSHA shows it was refused)
            Await.awaitTrue(() -> admin.sync().hget(sessionKey, "inflight") == null
                    || admin.sync().info("commandstats").contains("cmdstat_evalsha"));
            assertThat(admin.sync().hget(sessionKey, "inflight")).as("the read's end reached Redis").isNull();
            assertThat(admin.sync().hget(sessionKey, "last")).as("its arrival is recorded").isNotNull();
        }
    }

    /**
     * RedisReplayGuard's Javadoc: a claim left standing "answers every copy 'in progress' until it
     * expires", so a release that fails is sent again. A release went by its digest ({@code EVALSHA});
     * the guard closing while it waited for Redis ended the wait and sent nothing again (closed), and
     * Redis, having lost its scripts, refused it ({@code NOSCRIPT}) when it got to it: the delivery stayed
     * claimed by no one, and every copy got 409 until the claim timeout.
     */
    @Test
    void aReleaseSentAsTheGuardClosesTakesEffectInARedisThatLostItsScripts() throws Exception {
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build();
            ReplayGuard.Claim claim = guard.claim("delivery/1", NOW);
            assertThat(claim.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            admin.sync().scriptFlush(); // a restart with persistence, a failover: the keys kept, the scripts lost
            admin.sync().configResetstat();

            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThat(failureOfACallEndedByClose(() -> guard.release(claim), guard))
                        .as("the close ended the release's wait").isInstanceOf(StoreUnavailableException.class);
            }

            // Redis runs what it was sent: until it has, the claim stands (or an EVALSHA shows it was refused)
            Await.awaitTrue(() -> admin.sync().keys("*:webhook:*").isEmpty()
                    || admin.sync().info("commandstats").contains("cmdstat_evalsha"));
            assertThat(admin.sync().keys("*:webhook:*")).as("the claim was released").isEmpty();
        }
    }

    /**
     * RedisCalls.close: an owned connection "is closed once the follow-ups it carries (those undos,
     * reports sent without waiting) are answered, or after the command timeout". A follow-up Redis
     * never answers (an extension lost on its way): the guard's connection is still closed, at the
     * command timeout (1 s, far within the 30-s bound), not left open for as long as Lettuce waits.
     */
    @Test
    void anOwnedGuardsConnectionIsClosedAfterTheCommandTimeoutThoughAFollowUpIsNeverAnswered() throws Exception {
        try (RespProxy proxy = new RespProxy(server.port(), true)) {
            RedisClient viaProxy = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(60)).build());
            try {
                RedisReplayGuard guard = RedisReplayGuard.builder(viaProxy).commandTimeout(Duration.ofSeconds(1)).build();
                proxy.losingCommands = true; // Redis never gets it, so never answers it
                guard.extend(ReplayGuard.Claim.claimed("delivery/1", "token"), NOW); // a follow-up, sent without waiting
                assertThat(proxy.lost.await(30, TimeUnit.SECONDS)).as("the extension was written").isTrue();

                guard.close();

                assertThat(proxy.firstClosedByStore.await(30, TimeUnit.SECONDS))
                        .as("the guard's connection closed after the command timeout").isTrue();
            } finally {
                viaProxy.shutdown();
            }
        }
    }
}
