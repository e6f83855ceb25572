package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.GuardrailStore.CreateRules;
import dev.verifykit.dock.GuardrailStore.ReadRules;
import dev.verifykit.dock.GuardrailStore.ReadStart;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.MockServer;
import dev.verifykit.testing.Background;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis going away mid-run, on a server of this test's own: calls fail fast with
 * {@link StoreUnavailableException} (never sending, never handling), and work again once Redis is
 * back; a cool-down spares Redis (and the timer thread) meanwhile; a command Redis does not answer
 * fails after the command timeout.
 */
class RedisOutageTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final ReadRules RULES = ReadRules.of(Duration.ZERO, 60, HOUR, HOUR);
    private static final CreateRules CREATES = CreateRules.of(6, HOUR, HOUR);
    private static final CreateRules ONE_TOKEN = CreateRules.of(1, HOUR, HOUR);
    /**
     * A bound on calls that must return while Redis is frozen: far from their 200 ms, and a bound on
     * a hang (Redis stays frozen until the test thaws it, so a call waiting for it never returns),
     * below every bound that could end such a wait otherwise: {@link #PATIENT}, Lettuce's 60 s.
     * (It was 5 s, against a 30-s command timeout: a loaded machine pausing the caller that long
     * would fail a call that did return without waiting for Redis.)
     */
    private static final Duration RETURNS_WHILE_FROZEN = Duration.ofSeconds(30);
    /** The command timeout of the stores that wait for Redis: far beyond {@link #RETURNS_WHILE_FROZEN}. */
    private static final Duration PATIENT = Duration.ofMinutes(10);

    private RedisServerProcess server;
    private RedisClient client;

    @BeforeEach
    void start() throws Exception {
        server = RedisServerProcess.start();
        // Lettuce's own command timeout (the URI's) longer than any pause here: the stores' bounds are what is tested
        client = RedisClient.create(RedisURI.builder(server.uri()).withTimeout(Duration.ofSeconds(60)).build());
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdown();
        server.close();
    }

    @Test
    void aRestartFailsCallsAtOnceThenTheyWorkAgain() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        // the calls made while Redis runs must be answered: a command timeout that bounds a hang (the
        // default 500 ms is one a loaded machine exceeds); those made while it is stopped fail at once,
        // their connections being down
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(client).commandTimeout(SharedRedis.PATIENT)
                        .coolDown(Duration.ZERO).build();
                RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(SharedRedis.PATIENT)
                        .coolDown(Duration.ZERO).build()) {
            WebhookVerifier verifier = WebhookVerifier.builder().secret(Webhooks.SECRET).replayGuard(guard).build();
            assertThat(store.startCreate("acct", UUID.randomUUID().toString(), CREATES)).isZero();
            assertThat(verifier.handle(Webhooks.completed("ver_before"), Webhooks.signature(Webhooks.completed("ver_before")),
                    event -> handled.add(((DokaiWebhookEvent.Completed) event).session().id())).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);

            server.stop();

            assertThatThrownBy(() -> store.startCreate("acct", UUID.randomUUID().toString(), CREATES))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("the guardrail store (Redis) could not be reached, so the create was not sent");
            assertThatThrownBy(() -> store.startRead("acct", "vsn_1", RULES))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("a read of a session was not started");
            byte[] body = Webhooks.completed("ver_during");
            WebhookOutcome outage = verifier.handle(body, Webhooks.signature(body), event -> handled.add(((DokaiWebhookEvent.Completed) event).session().id()));
            assertThat(outage.kind()).isEqualTo(WebhookOutcome.Kind.GUARD_UNAVAILABLE);
            assertThat(outage.httpStatus()).isEqualTo(503);
            assertThat(outage.retryAfterHeader()).contains("10");
            assertThat(outage.failure()).get().isInstanceOf(StoreUnavailableException.class);
            assertThat(handled).as("nothing handled without the guard").containsExactly("ver_before");

            server.startAgain();

            assertThat(eventually(() -> store.startRead("acct", "vsn_1", RULES)).kind())
                    .isEqualTo(ReadStart.Kind.STARTED);
            assertThat(eventually(() -> store.startCreate("acct", UUID.randomUUID().toString(), CREATES))).isZero();
            WebhookOutcome after = eventually(() -> {
                WebhookOutcome outcome = verifier.handle(body, Webhooks.signature(body), event -> handled.add(((DokaiWebhookEvent.Completed) event).session().id()));
                if (outcome.kind() == WebhookOutcome.Kind.GUARD_UNAVAILABLE) {
                    throw new StoreUnavailableException(null, "not yet", null);
                }
                return outcome;
            });
            assertThat(after.kind()).as("the service's retry is handled").isEqualTo(WebhookOutcome.Kind.HANDLED);
            assertThat(handled).containsExactly("ver_before", "ver_during");
        }
    }

    @Test
    void duringTheCoolDownCallsFailWithoutAskingRedis() throws Exception {
        try (RedisReplayGuard guard = RedisReplayGuard.builder(client).coolDown(HOUR).build()) {
            server.stop();
            assertThatThrownBy(() -> guard.claim("k", Instant.EPOCH))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("the replay guard (Redis) could not be reached, so the webhook delivery was not claimed");
            server.startAgain();
            try (RedisReplayGuard fresh = RedisReplayGuard.builder(client).commandTimeout(SharedRedis.PATIENT).build()) {
                assertThat(eventually(() -> fresh.claim("k", Instant.EPOCH)).kind()).as("Redis is back")
                        .isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            }

            assertThatThrownBy(() -> guard.claim("k", Instant.EPOCH))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("in its cool-down after a failure")
                    .hasNoCause();
        }
    }

    /**
     * The store under test (100 ms) shares its connection with a patient one, which loads the
     * scripts: Redis is asked by the store under test only while frozen, so that its 100 ms can end
     * nothing but an unanswered command (a first call, loading the scripts on a loaded machine, can take
     * longer than that; and a {@code CLIENT PAUSE} of 10 s would end on its own were the test paused as long).
     */
    @Test
    void aCommandRedisDoesNotAnswerFailsAfterTheCommandTimeout() throws Exception {
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                RedisGuardrailStore warm = RedisGuardrailStore.builder(connection).commandTimeout(SharedRedis.PATIENT)
                        .build();
                RedisGuardrailStore store = RedisGuardrailStore.builder(connection).commandTimeout(Duration.ofMillis(100))
                        .build()) {
            assertThat(warm.startRead("acct", "vsn_1", RULES).kind()).isEqualTo(ReadStart.Kind.STARTED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) { // it answers nothing until thawed
                assertThatThrownBy(() -> store.startRead("acct", "vsn_2", RULES))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("RedisTimeout")
                        .hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
            }
        }
    }

    @Test
    void aStartRedisDoesNotAnswerEndsWithTheTimeLeftAndHoldsNothing() throws Exception {
        try (RedisGuardrailStore store = patientStore()) {
            assertThat(store.startRead("acct", "vsn_other", RULES).kind()).as("the scripts loaded").isEqualTo(ReadStart.Kind.STARTED);
            assertThat(store.startCreate("other-acct", "create-other", ONE_TOKEN)).isZero();
            try (RedisServerProcess.Frozen frozen = server.freeze()) { // the commands below wait until it is thawed, after their time left
                assertThatThrownBy(() -> store.startRead("acct", "vsn_1", RULES, Duration.ofMillis(200)))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("did not answer within the 200 ms left of the call's deadline, so a read of a"
                                + " session was not started");
                assertThatThrownBy(() -> store.startCreate("acct", "create-1", ONE_TOKEN, Duration.ofMillis(200)))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("did not answer within the 200 ms left of the call's deadline, so the create"
                                + " was not sent");
            }

            // Once thawed Redis runs each start, then what the store sent after it (all on the store's
            // connection, before what follows); no cool-down began.
            ReadStart next = store.startRead("acct", "vsn_1", RULES);
            assertThat(next.kind()).as("no read of the session left in flight").isEqualTo(ReadStart.Kind.STARTED);
            assertThat(next.used()).as("the abandoned read counts").isEqualTo(2);
            assertThat(store.startCreate("acct", "create-2", ONE_TOKEN)).as("the abandoned create holds no token").isZero();
        }
    }

    @Test
    void aReportRedisDoesNotAnswerInTimeIsLeftToRunAndTakesEffect() throws Exception {
        try (RedisGuardrailStore store = patientStore()) {
            ReadStart read = store.startRead("acct", "vsn_1", RULES);
            assertThat(store.startCreate("acct", "create-1", ONE_TOKEN)).isZero();
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                // they return while Redis is frozen
                assertTimeoutPreemptively(RETURNS_WHILE_FROZEN, () -> {
                    store.readArrived("acct", "vsn_1", read.readId(), Duration.ZERO, Duration.ofMillis(200));
                    store.createUncounted("acct", "create-1", ONE_TOKEN, Duration.ofMillis(200));
                });
            }

            // Once thawed Redis runs both reports (on the store's connection, before what follows); no cool-down began.
            assertThat(store.startRead("acct", "vsn_1", RULES).kind()).as("the read ended").isEqualTo(ReadStart.Kind.STARTED);
            assertThat(store.startCreate("acct", "create-2", ONE_TOKEN)).as("the token is free").isZero();
        }
    }

    @Test
    void aWebhookClaimRedisDoesNotAnswerInTimeHoldsNothingOnceRedisRunsIt() throws Exception {
        // The claim is refused (503: deliver again), but Redis runs it after the pause; without the
        // release sent after it, no instance held the claim and every copy got 409 for a minute.
        // The guard under test (200 ms) asks Redis only while it is frozen; a patient guard on the same
        // connection asks before and after (a loaded machine can take longer than 200 ms to answer those).
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
                RedisReplayGuard guard = RedisReplayGuard.builder(connection).commandTimeout(Duration.ofMillis(200))
                        .coolDown(Duration.ZERO).build();
                RedisReplayGuard patient = RedisReplayGuard.builder(connection).commandTimeout(SharedRedis.PATIENT)
                        .build();
                StatefulRedisConnection<String, String> admin = client.connect()) {
            assertThat(patient.claim("delivery/warm", now).kind()).as("the script loaded").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                assertThatThrownBy(() -> guard.claim("delivery/1", now)).isInstanceOf(StoreUnavailableException.class);
            }

            admin.sync().ping(); // answered once Redis runs again
            // Redis runs the connection's commands in order: the claim, the release sent after it, this claim.
            assertThat(patient.claim("delivery/1", now).kind()).as("no claim left held").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
        }
    }

    /**
     * The same when the application's Lettuce connection times the command out first (its own
     * timeout, here 100 ms, shorter than the store's): the claim and a read's start were not
     * undone, since only the guard's own timeout counted as "sent, not answered", and Redis ran
     * them after the pause: the claim stood for the claim timeout (409 to every copy), the session
     * was held for the read's lease.
     */
    @Test
    void aStartLettuceTimesOutIsUndoneOnceRedisRunsIt() throws Exception {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        try (StatefulRedisConnection<byte[], byte[]> guardConnection = client.connect(ByteArrayCodec.INSTANCE);
                StatefulRedisConnection<byte[], byte[]> storeConnection = client.connect(ByteArrayCodec.INSTANCE);
                RedisReplayGuard guard = RedisReplayGuard.builder(guardConnection).commandTimeout(Duration.ofSeconds(30))
                        .coolDown(Duration.ZERO).build();
                RedisGuardrailStore store = RedisGuardrailStore.builder(storeConnection).commandTimeout(Duration.ofSeconds(30))
                        .coolDown(Duration.ZERO).build()) {
            assertThat(guard.claim("delivery/warm", now).kind()).as("the script loaded").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            assertThat(store.startRead("acct", "vsn_warm", RULES).kind()).isEqualTo(ReadStart.Kind.STARTED);
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                guardConnection.setTimeout(Duration.ofMillis(100));
                storeConnection.setTimeout(Duration.ofMillis(100));
                assertThatThrownBy(() -> guard.claim("delivery/1", now)).isInstanceOf(StoreUnavailableException.class)
                        .hasRootCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
                assertThatThrownBy(() -> store.startRead("acct", "vsn_1", RULES)).isInstanceOf(StoreUnavailableException.class)
                        .hasRootCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
            }
            guardConnection.setTimeout(Duration.ofSeconds(60));
            storeConnection.setTimeout(Duration.ofSeconds(60));

            // Redis runs each connection's commands in order: the start, the undo sent after it, this call.
            assertThat(guard.claim("delivery/1", now).kind()).as("no claim left held").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
            assertThat(store.startRead("acct", "vsn_1", RULES).kind()).as("the read ended").isEqualTo(ReadStart.Kind.STARTED);
        }
    }

    /**
     * A handler failed while its instance's guard was in its cool-down (Redis had just not answered
     * one of its calls): the release was refused unsent, and the claim stood for the claim timeout,
     * so that the service's retries, at another instance once Redis was back, got 409 (past its
     * last retry: the event was lost). The release is now sent anyway, to run when Redis gets to it.
     */
    @Test
    void aReleaseRefusedInTheCoolDownStillFreesTheClaimOnceRedisIsBack() throws Exception {
        List<WebhookOutcome> outcomes = deliverAcrossACoolDown("ver_release", event -> {
            throw new IllegalStateException("the database is down too");
        });

        assertThat(outcomes.get(0).kind()).isEqualTo(WebhookOutcome.Kind.HANDLER_FAILED);
        assertThat(outcomes.get(1).kind()).as("the retry is handled, not answered 409").isEqualTo(WebhookOutcome.Kind.HANDLED);
    }

    /**
     * The same for a commit: refused unsent, the handled event's claim stood for the claim timeout,
     * so copies got 409 meanwhile and one arriving after it was handled again.
     */
    @Test
    void aCommitRefusedInTheCoolDownStillRecordsTheEventOnceRedisIsBack() throws Exception {
        List<WebhookOutcome> outcomes = deliverAcrossACoolDown("ver_commit", event -> { });

        assertThat(outcomes.get(0).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(outcomes.get(1).kind()).as("recorded as done, not still claimed")
                .isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
    }

    /**
     * Delivers an event to one instance whose handler freezes Redis, has one call of the instance's
     * guard go unanswered (its cool-down begins) and ends as {@code ending} does; then, once Redis is
     * back, a copy to another instance sharing Redis. Returns the two outcomes.
     */
    private List<WebhookOutcome> deliverAcrossACoolDown(String sessionId, WebhookHandler ending) throws Exception {
        // The guard's own calls while Redis runs must be answered (a 200-ms command timeout is one a
        // loaded machine can exceed at the first claim); the call made while Redis is frozen is timed out
        // by the connection (Lettuce's timeout, shortened for it), which starts the cool-down as well.
        try (StatefulRedisConnection<byte[], byte[]> guardConnection = client.connect(ByteArrayCodec.INSTANCE);
                RedisReplayGuard guard = RedisReplayGuard.builder(guardConnection).commandTimeout(SharedRedis.PATIENT)
                        .coolDown(HOUR).build();
                RedisReplayGuard other = RedisReplayGuard.builder(client).commandTimeout(SharedRedis.PATIENT).build()) {
            WebhookVerifier instance = WebhookVerifier.builder().secret(Webhooks.SECRET).replayGuard(guard).build();
            WebhookVerifier otherInstance = WebhookVerifier.builder().secret(Webhooks.SECRET).replayGuard(other).build();
            byte[] body = Webhooks.completed(sessionId);
            AtomicReference<RedisServerProcess.Frozen> frozen = new AtomicReference<>();
            WebhookOutcome first;
            try {
                first = instance.handle(body, Webhooks.signature(body), event -> {
                    frozen.set(server.freeze());
                    guardConnection.setTimeout(Duration.ofMillis(200));
                    assertThatThrownBy(() -> guard.claim("delivery/unanswered", Instant.EPOCH))
                            .isInstanceOf(StoreUnavailableException.class)
                            .hasRootCauseInstanceOf(io.lettuce.core.RedisCommandTimeoutException.class);
                    ending.handle(event);
                });
            } finally {
                if (frozen.get() != null) {
                    frozen.get().close();
                }
                guardConnection.setTimeout(Duration.ofSeconds(60));
            }
            assertThat(frozen.get()).as("the handler ran").isNotNull();
            // answered after the guard's commands, sent before it on the same connection
            guardConnection.sync().ping();
            return List.of(first, otherInstance.handle(body, Webhooks.signature(body), event -> { }));
        }
    }

    @Test
    void aCallEndsAtItsTimeoutWhenRedisDoesNotAnswerAndSendsNothing() throws Exception {
        try (MockServer mock = MockServer.start();
                RedisGuardrailStore store = patientStore();
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .guardrailStore(store).build()) {
            CreateSessionParams params = CreateSessionParams.builder().pid("PID-FREE0001").clientId("user").build();
            String id = dock.sessions().create(params).id();
            server.freeze(); // thawed when the server is stopped after the test
            RequestOptions shortCall = RequestOptions.builder().timeout(Duration.ofMillis(300)).build();

            assertThatThrownBy(() -> dock.sessions().retrieve(id, shortCall))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("so a read of a session was not sent")
                    .cause().hasMessageContaining("ms left of the call's deadline, so a read of a session was not started");
            assertThatThrownBy(() -> dock.sessions().create(params, shortCall))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("so the create was not sent")
                    .cause().hasMessageContaining("ms left of the call's deadline, so the create was not sent");
            assertThat(mock.journal().entries()).as("only the first create reached Dock")
                    .extracting(entry -> entry.method() + " " + entry.path())
                    .containsExactly("POST /dock/v2/sessions");
        }
    }

    /**
     * A blocking create waiting for a Redis that does not answer ends when its client is closed
     * (before, it waited for Redis, up to the command timeout), sending nothing; the interrupt that
     * ends it starts no cool-down of the store, which another client may share, and the create it
     * abandoned holds no token once Redis runs it.
     */
    @Test
    void closingAClientEndsItsCreateWaitingForRedisWithoutACoolDown() throws Exception {
        try (MockServer mock = MockServer.start();
                RedisGuardrailStore store = patientStore()) {
            DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                    .guardrails(DockGuardrails.builder().createBurst(1).createRefill(HOUR).build())
                    .guardrailStore(store).build();
            assertThat(store.startCreate("other-acct", "create-other", ONE_TOKEN)).as("the script loaded").isZero();
            RedisServerProcess.Frozen frozen = server.freeze();
            AtomicReference<Thread> caller = new AtomicReference<>();
            CompletableFuture<Throwable> create = Background.supply(() -> {
                caller.set(Thread.currentThread());
                try {
                    dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user").build());
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            awaitWaitingForRedis(() -> caller.get() == null ? List.of() : List.of(caller.get()));

            dock.close();

            assertTimeoutPreemptively(RETURNS_WHILE_FROZEN, () -> assertThat(create.get())
                    .isInstanceOf(WaitCancelledException.class).hasMessageContaining("the client was closed"));
            assertThat(mock.journal().entries()).as("nothing reached Dock").isEmpty();
            frozen.close(); // the store's next command runs after the abandoned create
            try (DockClient other = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                    .guardrails(DockGuardrails.builder().createBurst(1).createRefill(HOUR).build())
                    .guardrailStore(store).build()) {
                // no cool-down (an hour), and the abandoned create holds none of the bucket's one token
                other.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("other").build());
            }
        }
    }

    /**
     * README ("When Redis is unreachable"): an asynchronous wait asks the store on the client's wait
     * threads, "so a slow Redis holds up the wait asking it ...; a cancel does not wait for it either".
     * The read's start that Redis grants once it answers again, after the cancel, is not sent and is
     * told back at once: another client sharing the store reads the session, rather than being held
     * behind a read "in flight" for its lease (2 minutes, past that read's 30-s timeout). The wait's
     * threads are the test's (platform threads it can look at: the default on Java 21+, virtual
     * threads, are not listed by {@code Thread.getAllStackTraces()}).
     */
    @Test
    void aWaitCancelledWhileRedisStallsSendsNothingAndHoldsTheSessionFromNoOtherClient() throws Exception {
        List<Thread> waitThreads = new CopyOnWriteArrayList<>();
        ExecutorService waits = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "test-wait");
            thread.setDaemon(true);
            waitThreads.add(thread);
            return thread;
        });
        try (MockServer mock = MockServer.start();
                RedisGuardrailStore store = patientStore();
                DockClient first = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .guardrailStore(store).waitExecutor(waits).build();
                DockClient second = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                        .guardrailStore(store).build()) {
            String id = first.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user").build())
                    .id();
            try (RedisServerProcess.Frozen frozen = server.freeze()) {
                CompletableFuture<DockSession> wait = first.sessions().awaitCompletionAsync(id);
                awaitWaitingForRedis(() -> waitThreads);

                assertTimeoutPreemptively(RETURNS_WHILE_FROZEN, () -> wait.cancel(true));
                assertThat(wait).isCancelled();
            } // thawed: Redis grants the cancelled wait's read its start

            DockSession read = second.sessions().retrieve(id, RequestOptions.builder().timeout(Duration.ofSeconds(30)).build());
            assertThat(read.id()).isEqualTo(id);
            assertThat(mock.journal().entries()).as("the cancelled wait sent no read").extracting(entry -> entry.method()
                    + " " + entry.path()).containsExactly("POST /dock/v2/sessions", "GET /dock/v2/sessions/" + id);
        } finally {
            waits.shutdownNow();
        }
    }

    /** Until one of {@code threads} is waiting for an answer of Redis (a bound of 30 s on getting there). */
    private static void awaitWaitingForRedis(Supplier<Collection<Thread>> threads) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            for (Thread thread : threads.get()) {
                if (Arrays.stream(thread.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("await")
                        && frame.getClassName().endsWith("RedisCalls"))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the call did not reach Redis");
    }

    /**
     * A store whose own bound (the command timeout) is far beyond any pause here, and whose
     * cool-down, were one started, would outlast the test.
     */
    private RedisGuardrailStore patientStore() {
        return RedisGuardrailStore.builder(client).commandTimeout(PATIENT).coolDown(HOUR).build();
    }

    /**
     * The call's answer once Redis answers it: Lettuce reconnects in the background, so the first
     * calls after a restart may still fail. Tries every 50 ms for at most 30 s (a bound on a
     * reconnect, not a measure of speed).
     */
    private static <T> T eventually(Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
