package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} is final: a pending wait ends at once with {@link WaitCancelledException} (it used
 * to go on retrying the closed client and fail some 10 s later with a TransportException, counting
 * polls meanwhile), a blocking wait on another thread is woken, later calls fail at once with
 * {@link ClientClosedException} without sending anything, and no request follows the close.
 */
class ClientCloseTest {
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void closingADockClientEndsItsWaitsAndRefusesLaterCalls() throws Exception {
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
                .build();
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
        DockSession other = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build());
        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
        AtomicReference<Throwable> blocked = new AtomicReference<>();
        CountDownLatch blockedEnded = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                dock.sessions().awaitCompletion(other.id());
            } catch (Throwable t) {
                blocked.set(t);
            } finally {
                blockedEnded.countDown();
            }
        });
        waiter.start();
        awaitReads(session.id(), 1);
        awaitReads(other.id(), 1);

        dock.close();
        long closed = System.nanoTime();

        assertThat(wait).as("ended when close() returned").isCompletedExceptionally();
        assertThatThrownBy(wait::join).hasCauseInstanceOf(WaitCancelledException.class)
                .hasMessageContaining("the client was closed")
                .cause().satisfies(e -> assertThat(((WaitCancelledException) e).clientClosed()).isTrue());
        assertThat(blockedEnded.await(30, TimeUnit.SECONDS)).as("the blocking wait woke").isTrue();
        assertThat(blocked.get()).isInstanceOfSatisfying(WaitCancelledException.class,
                e -> assertThat(e.clientClosed()).as("told apart from its caller's cancel").isTrue());
        assertThatThrownBy(() -> dock.sessions().retrieve(session.id())).isInstanceOf(ClientClosedException.class)
                .hasMessageContaining("nothing was sent");
        assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                .clientId("u3").build())).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> dock.sessions().awaitCompletionAsync(session.id()).join())
                .hasCauseInstanceOf(ClientClosedException.class);
        // Judged by when each request reached the mock, not by the journal's size: the journal records a
        // long-poll once its hold ends, and the waits' reads that the close cut were still held by the mock
        // (up to 5 s), so their entries came in whenever that was, after close() as much as before.
        assertThat(mock.journal().entries()).as("nothing sent after close")
                .noneMatch(entry -> entry.receivedNanos() - closed > 0);
        dock.close(); // a second close does nothing
    }

    @Test
    void closingTheRpcAndDokaiClientsEndsTheirWaits() {
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).build();
        DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(mock.dokaiBaseUrl()).build();
        VerificationStart start = rpc.beginVerification();
        KycSession kyc = dokai.verifySessions().create(CreateKycSessionParams.none());
        CompletableFuture<VerificationStatus> check = rpc.awaitVerificationAsync(start.sessionId());
        CompletableFuture<KycSession> result = dokai.verifySessions().awaitResultAsync(kyc.id());

        rpc.close();
        dokai.close();

        assertThat(check).isCompletedExceptionally();
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(check::join).hasCauseInstanceOf(WaitCancelledException.class)
                .cause().satisfies(e -> assertThat(((WaitCancelledException) e).clientClosed()).isTrue());
        assertThatThrownBy(result::join).hasCauseInstanceOf(WaitCancelledException.class)
                .cause().satisfies(e -> assertThat(((WaitCancelledException) e).clientClosed()).isTrue());
        assertThatThrownBy(rpc::beginVerification).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> dokai.verifySessions().retrieve(kyc.id())).isInstanceOf(ClientClosedException.class);
    }

    // A call sleeping in the client (a create waiting an hour for a token, a read waiting a minute
    // for its turn, a create waiting two minutes to retry a 503) is woken by close() and ends at once,
    // sending nothing more. Each slept through the close before (and the create was then sent).

    @Test
    void aWaitTheClientClosesAsItStartsEndsCancelledNotAsACallOnAClosedClient() throws Exception {
        // the wait was announced (onWaitStart) before it looked whether the client was closed: one
        // closed in between ended with ClientClosedException, which says the call came after close()
        AtomicReference<DockClient> client = new AtomicReference<>();
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitStart(WaitStart wait) {
                        told.add("start");
                        client.get().close();
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        told.add("end " + end.outcome());
                    }
                }).build();
        client.set(dock);
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u6").build());

        assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id()))
                .isInstanceOf(WaitCancelledException.class).hasMessageContaining("the client was closed");
        assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id())).isInstanceOf(ClientClosedException.class);
        assertThat(told).hasSize(2).first().isEqualTo("start");
        assertThat(told.get(1)).startsWith("end ");
        assertThat(mock.journal().entries()).as("only the create was sent").hasSize(1);
    }

    @Test
    void closingWakesACreateWaitingForItsToken() throws Exception {
        CountDownLatch asleep = new CountDownLatch(1);
        DockClient tokens = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ofHours(2)).listener(new VerifyKitListener() {
                    @Override
                    public void onCreateBucketWait(CallStart call, BucketWait wait) {
                        asleep.countDown();
                    }
                }).build();
        tokens.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
        Sleeping create = Sleeping.start(() -> tokens.sessions().create(
                CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build()));
        assertThat(asleep.await(30, TimeUnit.SECONDS)).isTrue();
        tokens.close();
        assertThat(create.failure()).isInstanceOfSatisfying(WaitCancelledException.class,
                e -> assertThat(e.getMessage()).contains("the client was closed", "nothing was sent"));
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void closingWakesAReadWaitingForItsTurn() throws Exception {
        DockClient turns = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMinutes(1)).build()).build();
        DockSession session = turns.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u3").build());
        turns.sessions().retrieve(session.id());
        Sleeping read = Sleeping.start(() -> turns.sessions().retrieve(session.id()));
        read.awaitSleeping();
        turns.close();
        assertThat(read.failure()).isInstanceOf(WaitCancelledException.class);
        assertThat(reads(session.id())).isEqualTo(1);
    }

    /**
     * The create's first attempt is refused with a 2-minute Retry-After: it sleeps until its retry,
     * which the close ends unmade (and so untold: a retry is told as its attempt starts).
     */
    @Test
    void closingWakesACallWaitingToRetry() throws Exception {
        CountDownLatch retrying = new CountDownLatch(1);
        List<RetryEvent> told = new CopyOnWriteArrayList<>();
        DockClient retries = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofMinutes(5)).build())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onAttempt(CallStart call, AttemptEnd attempt) {
                        retrying.countDown(); // refused: the call goes to sleep until its retry
                    }

                    @Override
                    public void onRetry(CallStart call, RetryEvent retry) {
                        told.add(retry);
                    }
                }).build();
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503).withHeader("Retry-After", "120"), 1);
        int creates = creates();
        Sleeping retried = Sleeping.start(() -> retries.sessions().create(
                CreateSessionParams.builder().pid("PID-FREE0001").clientId("u4").build()));
        assertThat(retrying.await(30, TimeUnit.SECONDS)).isTrue();
        retries.close();
        assertThat(retried.failure()).isInstanceOfSatisfying(ServerException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(creates()).isEqualTo(creates + 1);
        assertThat(told).as("retries told").isEmpty();
    }

    /**
     * A read in flight on an OkHttpClient the caller gave ends with close() too, as on the client's
     * own, though close() leaves the caller's client running: its answer is held for a minute.
     */
    @Test
    void closingCancelsAReadInFlightOnTheCallersOkHttpClient() throws Exception {
        OkHttpClient given = new OkHttpClient();
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .okHttpClient(given).build();
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u5").build());
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofMinutes(1)), 1);
        Sleeping read = Sleeping.start(() -> dock.sessions().retrieve(session.id(),
                RequestOptions.builder().maxRetries(0).build()));
        awaitReads(session.id(), 1);

        dock.close();

        assertThat(read.failure()).isInstanceOf(WaitCancelledException.class).hasMessageContaining("the client was closed");
        assertThat(given.dispatcher().executorService().isShutdown()).as("the caller's client is left to the caller").isFalse();
        given.dispatcher().executorService().shutdown();
    }

    /** A call run on a thread of its own, to be closed under. */
    private static final class Sleeping {
        private final Thread thread;
        private final CountDownLatch ended = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        private Sleeping(Runnable call) {
            thread = new Thread(() -> {
                try {
                    call.run();
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    ended.countDown();
                }
            });
            thread.setDaemon(true); // on the code before, it slept on: the test fails without waiting for it
        }

        static Sleeping start(Runnable call) {
            Sleeping sleeping = new Sleeping(call);
            sleeping.thread.start();
            return sleeping;
        }

        void awaitSleeping() throws InterruptedException {
            for (int i = 0; i < 3000 && thread.getState() != Thread.State.TIMED_WAITING && ended.getCount() > 0; i++) {
                Thread.sleep(10);
            }
        }

        /** What the call threw, once it ended (at most 30 s after the close). */
        Throwable failure() throws InterruptedException {
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("the call ended after the close").isTrue();
            return failure.get();
        }
    }

    private int creates() {
        return (int) mock.journal().entries().stream().filter(e -> e.method().equals("POST")
                && e.path().equals("/dock/v2/sessions")).count();
    }

    private void awaitReads(String sessionId, int count) throws InterruptedException {
        for (int i = 0; i < 3000 && reads(sessionId) < count; i++) {
            Thread.sleep(10);
        }
        assertThat(reads(sessionId)).isGreaterThanOrEqualTo(count);
    }

    private long reads(String sessionId) {
        return mock.journal().entries().stream().map(MockJournalEntry::path)
                .filter(path -> path.equals("/dock/v2/sessions/" + sessionId)).count();
    }
}
