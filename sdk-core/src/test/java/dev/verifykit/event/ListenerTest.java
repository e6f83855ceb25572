package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.WaitProgress;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client listener against the mock: what each call, retry, wait, create-bucket wait and
 * webhook refusal tells, in order, with the request the mock received; composition, isolation of
 * a throwing listener (logged once), and headers a listener adds.
 */
class ListenerTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private MockServer mock;
    private final Recorder events = new Recorder();

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(INTERVAL)
                .maxWait(Duration.ofSeconds(1)).build()).build());
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private DockClient.Builder client() {
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO);
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid(PID).clientId(clientId).build();
    }

    @Test
    void aCreateRetriedAfterA503IsOneCallOfTwoAttemptsWithItsRetry() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        try (DockClient dock = client().listener(events.listener).build()) {
            dock.sessions().create(params("user_1"));
        }

        assertThat(events.kinds()).containsExactly("callStart", "attemptStart", "attempt", "retry", "attemptStart", "attempt",
                "callEnd");
        CallStart call = events.first(CallStart.class);
        assertThat(call.service()).isEqualTo(Service.DOCK);
        assertThat(call.operation()).isEqualTo("POST /v2/sessions");
        assertThat(call.waitId()).isEmpty();
        List<AttemptEnd> attempts = events.all(AttemptEnd.class);
        assertThat(attempts).extracting(AttemptEnd::number).containsExactly(1, 2);
        assertThat(attempts.get(0).status()).hasValue(503);
        assertThat(attempts.get(0).failure()).hasValue(ServerException.class.getSimpleName());
        assertThat(attempts.get(1).status()).hasValue(200);
        assertThat(attempts.get(1).failure()).isEmpty();
        RetryEvent retry = events.first(RetryEvent.class);
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.reason()).startsWith("HTTP 503");
        assertThat(retry.status()).hasValue(503);
        assertThat(retry.delay()).isPositive();
        CallEnd end = events.first(CallEnd.class);
        assertThat(end.attempts()).isEqualTo(2);
        assertThat(end.succeeded()).isTrue();
        assertThat(end.status()).hasValue(200);
        // The request id told is the one the mock gave the answer that was used.
        List<MockJournalEntry> creates = mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"));
        assertThat(creates).hasSize(2);
        assertThat(end.requestId()).isPresent();
        assertThat(attempts.get(1).requestId()).isEqualTo(end.requestId());
    }

    @Test
    void aRetryAfterNoAnswerHasNoStatusAndNamesTheFailure() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.resetBeforeResponse(false), 1);
        try (DockClient dock = client().listener(events.listener).build()) {
            dock.sessions().create(params("user_1"));
        }

        RetryEvent retry = events.first(RetryEvent.class);
        assertThat(retry.status()).isEmpty();
        assertThat(retry.reason()).isEqualTo(TransportException.class.getSimpleName());
        assertThat(events.first(CallEnd.class).status()).hasValue(200);
    }

    @Test
    void aFailedCallEndsWithItsFailure() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 3);
        try (DockClient dock = client().listener(events.listener).build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(ServerException.class);
        }

        assertThat(events.all(AttemptEnd.class)).hasSize(3);
        assertThat(events.all(RetryEvent.class)).hasSize(2);
        CallEnd end = events.first(CallEnd.class);
        assertThat(end.succeeded()).isFalse();
        assertThat(end.failure()).containsInstanceOf(ServerException.class);
        assertThat(end.status()).hasValue(503);
    }

    @Test
    void aRetrieveRetriedByTheWaitingEngineIsStillOneCall() {
        try (DockClient dock = client().build(); DockClient observed = client().listener(events.listener).build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.respond(503), 1);

            observed.sessions().retrieve(session.id());
        }

        assertThat(events.kinds()).containsExactly("callStart", "attemptStart", "attempt", "retry", "attemptStart", "attempt",
                "callEnd");
        assertThat(events.first(CallStart.class).operation()).isEqualTo("GET /v2/sessions/{id}");
        assertThat(events.first(CallEnd.class).attempts()).isEqualTo(2);
    }

    @Test
    void aWaitTellsItsStartProgressAndEndAndItsCallsCarryItsId() throws Exception {
        DockSession done;
        try (DockClient dock = client().listener(events.listener).build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            events.clear();
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            events.awaitProgress();
            mock.dock().complete(session.id(), "123456789012345678", "156319135");
            done = wait.get(30, TimeUnit.SECONDS);
            // Told before the future completed: whoever has the result finds the end told.
            assertThat(events.all(WaitEnd.class)).hasSize(1);
        }

        assertThat(done.isCompleted()).isTrue();
        WaitStart wait = events.first(WaitStart.class);
        assertThat(wait.operation()).isEqualTo("dock.awaitCompletion");
        assertThat(wait.timeout()).hasValueSatisfying(t -> assertThat(t).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(events.all(CallStart.class)).isNotEmpty()
                .allSatisfy(call -> assertThat(call.waitId()).hasValue(wait.id()));
        WaitProgress progress = events.first(WaitProgress.class);
        assertThat(progress.lastStatus()).isEqualTo("pending");
        assertThat(progress.nextRequestIn()).isPresent();
        WaitEnd end = events.first(WaitEnd.class);
        assertThat(end.outcome()).isEqualTo(WaitOutcome.COMPLETED);
        assertThat(end.attempts()).isEqualTo(events.all(CallStart.class).size());
        assertThat(events.kinds().get(0)).isEqualTo("waitStart");
        assertThat(events.kinds().get(events.kinds().size() - 1)).isEqualTo("waitEnd");
    }

    @Test
    void aCancelledWaitEndsCancelledAndLeavesNoCallUnended() throws Exception {
        try (DockClient dock = client().listener(events.listener).build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            events.clear();
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id());
            events.awaitProgress();
            wait.cancel(true);
        }

        // A read the wait's timer was starting as the cancel came is stopped on that thread, which
        // then tells the wait's end: waited for.
        events.awaitEvery(WaitStart.class, WaitEnd.class);
        assertThat(events.first(WaitEnd.class).outcome()).isEqualTo(WaitOutcome.CANCELLED);
        // Each call begun was told its end: a read cut by the cancel ends too, never silently.
        events.awaitEvery(CallStart.class, CallEnd.class);
        assertThat(events.all(CallEnd.class)).hasSameSizeAs(events.all(CallStart.class));
    }

    @Test
    void aWaitPastItsDeadlineEndsTimedOut() {
        try (DockClient dock = client().listener(events.listener).build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().timeout(Duration.ofMillis(300)).build()));
        }

        assertThat(events.first(WaitEnd.class).outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
        assertThat(events.first(WaitEnd.class).failure()).isPresent();
    }

    /**
     * A session stream's open and close are told ({@link VerifyKitListener#onStreamOpen},
     * {@link VerifyKitListener#onStreamClose}: "A session stream ended, and why"), with the id of
     * the wait they are part of; closed by its caller while open, {@code CANCELLED}.
     */
    @Test
    void aStreamTellsItsOpenAndItsCloseWithItsWait() throws Exception {
        EventStreamReader reader = (response, maxBytes, handler) -> {
            while (response.body().source().readUtf8Line() != null) {
                // keep reading, telling nothing
            }
        };
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        VerifyKitListener stream = new VerifyKitListener() {
            @Override
            public void onStreamOpen(StreamEvent open) {
                opened.countDown();
            }

            @Override
            public void onStreamClose(StreamEvent open, StreamClose close) {
                closed.countDown();
            }
        };
        try (DockClient dock = client().listener(events.listener).listener(stream).build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            events.clear();
            SessionStream open = dock.sessions().streams(reader, StreamSettings.builder().fallbackToLongPoll(false).build())
                    .open(session.id(), new SessionListener() {}, WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            assertThat(opened.await(30, TimeUnit.SECONDS)).as("the stream's open told").isTrue();
            open.close();
            assertThat(closed.await(30, TimeUnit.SECONDS)).as("the stream's close told").isTrue();
        }

        // (the mock may have closed an open before, the stream then opening again: each open is told closed)
        WaitStart wait = events.first(WaitStart.class);
        List<StreamEvent> opens = events.all(StreamEvent.class);
        assertThat(opens).isNotEmpty().allSatisfy(told -> {
            assertThat(told.waitId()).isEqualTo(wait.id());
            assertThat(told.service()).isEqualTo(Service.DOCK);
            assertThat(told.operation()).isEqualTo("GET /v2/sessions/{id}/stream");
        });
        List<StreamClose> closes = events.all(StreamClose.class);
        assertThat(closes).hasSameSizeAs(opens);
        assertThat(closes.get(closes.size() - 1).reason()).isEqualTo(StreamCloseReason.CANCELLED);
        assertThat(events.kinds()).containsSubsequence("waitStart", "streamOpen", "streamClose");
    }

    @Test
    void aCreateWaitingForTheBucketIsTold() {
        // Virtual time that advances as the client sleeps: the bucket refills only by the client's wait.
        try (DockClient dock = client().listener(events.listener).scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1))
                        .createBurst(1).createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ofHours(2)).build()) {
            dock.sessions().create(params("user_1"));
            dock.sessions().create(params("user_2"));
        }

        BucketWait wait = events.first(BucketWait.class);
        assertThat(wait.service()).isEqualTo(Service.DOCK);
        assertThat(wait.attempt()).isEqualTo(1);
        assertThat(wait.delay()).isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(Duration.ofHours(1));
        // Told within the second create's call, before its attempt: nothing was sent while it waited.
        assertThat(events.kinds()).containsSubsequence("callEnd", "callStart", "createBucketWait", "attempt", "callEnd");
        assertThat(events.callOf(wait)).isSameAs(events.all(CallStart.class).get(1));
    }

    @Test
    void aRetryOfACreateWaitingForATokenOfItsOwnIsToldWithItsAttempt() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        // A bucket of one: the first attempt's token is spent (a 503 may come after Dock counted the
        // create), so the retry waits for the refill, in virtual time.
        try (DockClient dock = client().listener(events.listener).scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(1))
                        .createBurst(1).createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ofHours(2)).build()) {
            dock.sessions().create(params("user_1"));
        }

        // the retry is told once its token came, as its attempt starts: a bucket that refused it would leave it unmade
        assertThat(events.kinds()).containsExactly("callStart", "attemptStart", "attempt", "createBucketWait", "retry",
                "attemptStart", "attempt", "callEnd");
        assertThat(events.first(RetryEvent.class).delay()).as("the retry's delay, its wait for the token included")
                .isGreaterThanOrEqualTo(events.first(BucketWait.class).delay());
        BucketWait wait = events.first(BucketWait.class);
        assertThat(wait.attempt()).isEqualTo(2);
        assertThat(wait.delay()).isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(events.callOf(wait)).isSameAs(events.first(CallStart.class));
        assertThat(mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")))
                .extracting(MockJournalEntry::status).containsExactly(503, 200);
    }

    @Test
    void headersAListenerGivesAreSentButNeverReplaceTheCredentials() {
        VerifyKitListener tracing = new VerifyKitListener() {
            @Override
            public Map<String, String> requestHeaders(CallStart call) {
                return Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        "Authorization", "Bearer stolen", "User-Agent", "evil", "Host", "evil.example",
                        "Accept-Encoding", "br");
            }
        };
        try (DockClient dock = client().listener(tracing).build()) {
            dock.sessions().create(params("user_1"));
        }

        MockJournalEntry create = mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")).get(0);
        assertThat(create.header("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(create.status()).isEqualTo(200); // the real key went, not the listener's
        assertThat(create.header("User-Agent")).startsWith("verifykit-java/");
        assertThat(create.header("Host")).as("the transport's own headers").isEqualTo(okhttp3.HttpUrl.get(mock.dockBaseUrl()).host() + ":" + mock.port());
        assertThat(create.header("Accept-Encoding")).isEqualTo("gzip");
    }

    @Test
    void aHeaderAListenerGivesThatCannotBeSentIsLeftOutAndTheCallGoesOn() {
        // an OT propagator writes baggage values as they are: OkHttp refused "Zoë" with an
        // IllegalArgumentException out of the call, its CallStart told and never ended
        List<String> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        VerifyKitListener propagator = new VerifyKitListener() {
            @Override
            public Map<String, String> requestHeaders(CallStart call) {
                Map<String, String> headers = new java.util.LinkedHashMap<>();
                headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                headers.put("ot-baggage-user", "Zo\u00eb");
                headers.put("bad name", "x");
                headers.put("ot-baggage-empty", null);
                return headers;
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                ends.add(call.operation());
            }
        };
        try (DockClient dock = client().listener(propagator).build()) {
            dock.sessions().create(params("user_1"));
        }

        MockJournalEntry create = mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")).get(0);
        assertThat(create.header("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(create.header("ot-baggage-user")).isNull();
        assertThat(ends).containsExactly("POST /v2/sessions");
    }

    /** Every record, at every level, the listeners' fan-out logs while {@code action} runs. */
    private static List<LogRecord> loggedByTheFanout(Runnable action) {
        Logger logger = Logger.getLogger("dev.verifykit.event");
        List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level before = logger.getLevel();
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
        return records;
    }

    /**
     * {@link VerifyKitListener#requestHeaders}: "A header that cannot be sent (…, or none) is left
     * out and logged as a listener's failure; the others go." One without a value, given before the
     * trace context, leaves only itself out, and the WARNING names the listener, the method and the
     * header, never a value the listener gave.
     */
    @Test
    void aHeaderThatCannotBeSentIsLoggedAsTheListenersFailureWithoutItsValueAndTheHeadersAfterItGo() {
        VerifyKitListener propagator = new VerifyKitListener() {
            @Override
            public Map<String, String> requestHeaders(CallStart call) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("ot-baggage-empty", null);
                headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
                headers.put("ot-baggage-user", "Zo\u00eb Tan");
                return headers;
            }
        };
        List<LogRecord> records = loggedByTheFanout(() -> {
            try (DockClient dock = client().listener(propagator).listener(events.listener).build()) {
                dock.sessions().create(params("user_1"));
            }
        });

        MockJournalEntry create = mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")).get(0);
        assertThat(create.header("traceparent")).as("the header after the one left out")
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(create.header("ot-baggage-user")).isNull();
        assertThat(events.first(CallEnd.class).succeeded()).isTrue();
        assertThat(records).isNotEmpty();
        LogRecord warning = records.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
        assertThat(warning.getMessage()).contains(propagator.getClass().getName(), "requestHeaders");
        assertThat(warning.getThrown()).hasMessageContaining("ot-baggage-empty").hasMessageContaining("no value");
        assertThat(records).allSatisfy(record -> assertThat(record.getMessage() + record.getThrown())
                .doesNotContain("Zo\u00eb", "Tan"));
    }

    @Test
    void aThrowingListenerIsIsolatedLoggedOnceAndTheOthersStillHear() {
        VerifyKitListener broken = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                throw new AssertionError("listener bug too");
            }
        };
        List<LogRecord> records = loggedByTheFanout(() -> {
            try (DockClient dock = client().listener(broken).listener(events.listener).build()) {
                dock.sessions().create(params("user_1"));
                dock.sessions().create(params("user_2"));
            }
        });

        assertThat(events.all(CallEnd.class)).hasSize(2).allMatch(CallEnd::succeeded);
        assertThat(records).extracting(LogRecord::getLevel).containsOnlyOnce(Level.WARNING);
        assertThat(records).hasSize(4); // two calls, two failures each: one WARNING, then DEBUG (FINE)
        assertThat(records.get(0).getMessage()).contains(broken.getClass().getName(), "onCallStart");
    }

    @Test
    void composedListenersAreEachToldInTurn() {
        Recorder second = new Recorder();
        VerifyKitListener both = VerifyKitListener.of(events.listener, second.listener);
        try (DockClient dock = client().listener(both).build()) {
            dock.sessions().create(params("user_1"));
        }

        assertThat(events.kinds()).isEqualTo(second.kinds()).containsExactly("callStart", "attemptStart", "attempt", "callEnd");
        assertThat(VerifyKitListener.of()).isSameAs(VerifyKitListener.NONE);
    }

    /**
     * A listener added twice (by hand and again inside a composed one, as a Spring customizer adding
     * a listener bean the starter adds too) was told every event twice: each call counted twice.
     */
    @Test
    void aListenerAddedMoreThanOnceIsToldOnce() {
        Recorder second = new Recorder();
        try (DockClient dock = client().listener(events.listener)
                .listener(VerifyKitListener.of(second.listener, events.listener)).listener(events.listener).build()) {
            dock.sessions().create(params("user_1"));
        }
        WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_listener_test").listener(events.listener)
                .listener(events.listener).skipTimestampCheck(true).build();
        assertThatThrownBy(() -> verifier.verify("{}".getBytes(StandardCharsets.UTF_8), "t=1,v1=00"))
                .isInstanceOf(WebhookVerificationException.class);

        assertThat(events.kinds()).containsExactly("callStart", "attemptStart", "attempt", "callEnd", "webhookRefused");
        assertThat(second.kinds()).containsExactly("callStart", "attemptStart", "attempt", "callEnd");
    }

    @Test
    void aNullListenerIsRefusedWhenTheClientIsBuilt() {
        assertThatThrownBy(() -> client().listener(null).build()).isInstanceOf(ValidationException.class)
                .hasMessageContaining("listener");
    }

    @Test
    void aNullAmongTheListenersCombinedIsAValidationExceptionNamingThem() {
        VerifyKitListener one = new VerifyKitListener() { };
        assertThatThrownBy(() -> VerifyKitListener.of(one, null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> VerifyKitListener.of((VerifyKitListener[]) null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> VerifyKitListener.of(Arrays.asList(one, null))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("listeners");
        // HttpSettings, shared by clients, refuses it in its own build(), not in a client's later
        assertThatThrownBy(() -> HttpSettings.builder().addListeners((VerifyKitListener) null).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("listeners");
    }

    @Test
    void webhookRefusalsAreToldOnceWithTheirReasonOnly() {
        String secret = "whsec_listener_test";
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(events.listener)
                .replayGuard(ReplayGuard.inMemory()).skipTimestampCheck(true).build();
        byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);
        String good = dev.verifykit.webhook.WebhookSigner.of(secret).sign(body);

        String forgedHeader = good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0");
        WebhookOutcome forged = verifier.handle(body, forgedHeader, event -> {});
        verifier.verify(body, good);
        assertThatThrownBy(() -> verifier.verify(body, "t=x")).isInstanceOf(WebhookVerificationException.class);

        assertThat(forged.httpStatus()).isEqualTo(400);
        assertThat(events.all(WebhookRefusal.class)).extracting(WebhookRefusal::reason)
                .containsExactly("NO_MATCHING_SIGNATURE", "MALFORMED_HEADER");
        assertThat(events.first(WebhookRefusal.class).status()).hasValue(400);
        assertThat(events.toString()).doesNotContain(secret, "ver_1");
    }

    @Test
    void eachVerifiedWebhooksOutcomeIsToldWithoutItsContent() {
        String secret = "whsec_listener_test";
        VirtualScheduler clock = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(events.listener).scheduler(clock)
                .replayGuard(ReplayGuard.inMemory()).skipTimestampCheck(true).build();
        byte[] first = webhookBody("ver_1");
        byte[] second = webhookBody("ver_2");
        IllegalStateException failure = new IllegalStateException("could not store ver_2 for AHMAD BIN IBRAHIM");

        verifier.handle(first, sign(secret, first), event -> clock.advance(Duration.ofSeconds(3)));
        verifier.handle(first, sign(secret, first), event -> {});
        verifier.handle(second, sign(secret, second), event -> {
            verifier.handle(second, sign(secret, second), copy -> {}); // a copy while this one runs
            clock.advance(Duration.ofSeconds(1));
            throw failure;
        });

        List<WebhookDelivery> told = events.all(WebhookDelivery.class);
        assertThat(told).extracting(WebhookDelivery::outcome)
                .containsExactly("HANDLED", "ALREADY_HANDLED", "IN_PROGRESS", "HANDLER_FAILED");
        assertThat(told).extracting(WebhookDelivery::status).containsExactly(200, 200, 409, 500);
        assertThat(told).extracting(WebhookDelivery::eventType).containsOnly("verification.completed");
        assertThat(told).extracting(WebhookDelivery::handlerDuration).containsExactly(Optional.of(Duration.ofSeconds(3)),
                Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(1)));
        assertThat(told.get(3).failure()).containsSame(failure);
        assertThat(told.subList(0, 3)).allSatisfy(delivery -> assertThat(delivery.failure()).isEmpty());
        assertThat(events.all(WebhookRefusal.class)).isEmpty();
        assertThat(told.toString()).doesNotContain(secret, "ver_1", "ver_2", "AHMAD"); // the handler's message neither
    }

    @Test
    void aWebhookWhoseReplayGuardFailsIsToldWithTheGuardsFailure() {
        RuntimeException down = new IllegalStateException("store down");
        ReplayGuard unreachable = new ReplayGuard() {
            @Override
            public Claim claim(String deliveryKey, Instant now) {
                throw down;
            }

            @Override
            public void commit(Claim claim, Instant now) {}

            @Override
            public void release(Claim claim) {}
        };
        String secret = "whsec_listener_test";
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(events.listener)
                .replayGuard(unreachable).skipTimestampCheck(true).build();
        byte[] body = webhookBody("ver_1");

        WebhookOutcome outcome = verifier.handle(body, sign(secret, body), event -> {
            throw new AssertionError("the handler is not called");
        });

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.GUARD_UNAVAILABLE);
        WebhookDelivery told = events.first(WebhookDelivery.class);
        assertThat(told.outcome()).isEqualTo("GUARD_UNAVAILABLE");
        assertThat(told.status()).isEqualTo(503);
        assertThat(told.failure()).containsSame(down);
        assertThat(told.handlerDuration()).isEmpty();
    }

    private static byte[] webhookBody(String id) {
        return ("{\"id\":\"" + id + "\",\"status\":\"verified\",\"event\":\"verification.completed\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(String secret, byte[] body) {
        return dev.verifykit.webhook.WebhookSigner.of(secret).sign(body);
    }

    @Test
    void noEventShowsTheApiKey() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(401), 1);
        try (DockClient dock = client().listener(events.listener).build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1")));
            dock.sessions().create(params("user_1"));
        }

        assertThat(events.kinds()).isNotEmpty();
        assertThat(events.toString()).doesNotContain(KEY);
    }

    /** Records every event, in order, by the name of the method that told it ({@code onCallStart} → {@code callStart}). */
    static final class Recorder {
        private final List<String> kinds = Collections.synchronizedList(new ArrayList<>());
        private final List<Object> events = Collections.synchronizedList(new ArrayList<>());
        private final Map<Object, CallStart> calls = Collections.synchronizedMap(new IdentityHashMap<>());
        private final CompletableFuture<Void> progressed = new CompletableFuture<>();
        final VerifyKitListener listener = (VerifyKitListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {VerifyKitListener.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "Recorder";
                    }
                    if (method.getName().equals("requestHeaders")) {
                        return Map.of();
                    }
                    String name = method.getName().substring(2);
                    synchronized (events) {
                        kinds.add(Character.toLowerCase(name.charAt(0)) + name.substring(1));
                        events.add(args[args.length - 1]);
                        if (args.length == 2 && args[0] instanceof CallStart call) {
                            calls.put(args[1], call);
                        }
                        events.notifyAll();
                    }
                    if (name.equals("WaitProgress")) {
                        progressed.complete(null);
                    }
                    return null;
                });

        /** The call an event of a call was told with. */
        CallStart callOf(Object event) {
            return calls.get(event);
        }

        void clear() {
            synchronized (events) {
                kinds.clear();
                events.clear();
                calls.clear();
            }
        }

        List<String> kinds() {
            synchronized (events) {
                return List.copyOf(kinds);
            }
        }

        <T> List<T> all(Class<T> type) {
            synchronized (events) {
                return events.stream().filter(type::isInstance).map(type::cast).toList();
            }
        }

        <T> T first(Class<T> type) {
            return all(type).stream().findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName()));
        }

        /** Waits (30 s at most) until there are as many {@code ends} as {@code starts}. */
        void awaitEvery(Class<?> starts, Class<?> ends) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            synchronized (events) {
                while (all(ends).size() < all(starts).size() && System.nanoTime() < deadline) {
                    events.wait(100);
                }
            }
        }

        void awaitProgress() throws Exception {
            progressed.get(30, TimeUnit.SECONDS);
        }

        @Override
        public String toString() {
            synchronized (events) {
                return events.toString();
            }
        }
    }

    /**
     * A refusal whose body passes maxResponseBytes (a proxy's or a hostile server's page): the
     * answer's head arrived with its status, which the caller's MalformedResponseException carries;
     * the attempt's and the call's ends must say it too (AttemptEnd.status: "the HTTP status
     * answered, when an answer arrived"), as they do for every other refused or malformed answer.
     */
    @Test
    void anAnswerWhoseBodyIsTooLargeStillTellsItsStatus() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(400).withBody("x".repeat(4096)), 1);
        try (DockClient dock = client().retryPolicy(RetryPolicy.none()).maxResponseBytes(1024).listener(events.listener).build()) {
            assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId("user_1")
                    .build())).isInstanceOfSatisfying(MalformedResponseException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(400));
        }

        assertThat(mock.journal().find(MockJournalQuery.all().method("POST"))).hasSize(1);
        AttemptEnd attempt = events.first(AttemptEnd.class);
        assertThat(attempt.failure()).hasValue("MalformedResponseException");
        assertThat(attempt.status()).as("the attempt's status (the answer's head arrived)").hasValue(400);
        assertThat(events.first(CallEnd.class).status()).as("the call's last status").hasValue(400);
    }
}
