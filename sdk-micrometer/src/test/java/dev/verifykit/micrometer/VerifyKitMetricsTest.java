package dev.verifykit.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamCloseReason;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters a client's calls, retries, refusals and waits record, against the reference mock. */
class VerifyKitMetricsTest {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    private static final int POLL_CAP = 3;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final VerifyKitMetrics metrics = VerifyKitMetrics.create(registry);
    /** Each wait's end, once it has been told (to the metrics first: they are added first). */
    private final LinkedBlockingQueue<WaitEnd> waitEnds = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<CallStart> callStarts = new LinkedBlockingQueue<>();
    private MockServer mock;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(INTERVAL)
                .maxWait(MAX_WAIT).freePollCap(POLL_CAP).build()).build());
    }

    @AfterEach
    void stop() {
        mock.close();
        registry.close();
    }

    private DockClient.Builder client() {
        VerifyKitListener ends = new VerifyKitListener() {
            @Override
            public void onCallStart(CallStart call) {
                callStarts.add(call);
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                waitEnds.add(end);
            }
        };
        return DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(MAX_WAIT).freePollCap(POLL_CAP).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(20)).build())
                .createTokenWait(Duration.ZERO).listener(metrics).listener(ends);
    }

    private static CreateSessionParams params(String clientId) {
        return CreateSessionParams.builder().pid(PID).clientId(clientId).build();
    }

    private WaitEnd awaitWaitEnd() throws InterruptedException {
        WaitEnd end = waitEnds.poll(30, TimeUnit.SECONDS);
        assertThat(end).as("a wait's end told within 30 s").isNotNull();
        return end;
    }

    @Test
    void aCreateRetriedAfterA503And429IsOneSuccessfulCallWithTwoRetriesAndOneRefusal() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
        // Dock's 429 carries Retry-After; without one the client would hold its creates a refill (10 s)
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(429).withHeader("Retry-After", "1"), 1);
        try (DockClient dock = client().build()) {
            dock.sessions().create(params("user_1"));
        }

        Timer calls = registry.get("verifykit.calls").tags("service", "dock", "operation", "POST /v2/sessions",
                "outcome", "success", "status", "200", "error", "none").timer();
        assertThat(calls.count()).isEqualTo(1);
        assertThat(calls.totalTime(TimeUnit.NANOSECONDS)).isPositive();
        assertThat(registry.get("verifykit.calls").timers()).hasSize(1);
        assertThat(registry.get("verifykit.retries").tags("operation", "POST /v2/sessions", "reason", "HTTP 503")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.retries").tags("reason", "HTTP 429").counter().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.refusals").counters()).singleElement().satisfies(refused -> {
            assertThat(refused.getId().getTag("status")).isEqualTo("429");
            assertThat(refused.count()).isEqualTo(1);
        });
        assertThat(mock.journal().find(MockJournalQuery.all().method("POST"))).hasSize(3);
    }

    /** A refusal whose request id echoes the caller's key: no meter name or tag holds it. */
    @Test
    void anEchoedKeyReachesNoTag() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(401).withHeader("X-Request-Id", KEY), 1);
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(VerifyKitException.class);
        }

        assertThat(registry.getMeters()).isNotEmpty().extracting(meter -> meter.getId().toString())
                .noneMatch(id -> id.contains(KEY));
    }

    @Test
    void aRefusedCallIsAFailureWithItsStatusAndType() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(401), 1);
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(AuthenticationException.class);
        }

        assertThat(registry.get("verifykit.calls").tags("outcome", "failure", "status", "401",
                "error", AuthenticationException.class.getSimpleName()).timer().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.refusals").tags("status", "401").counter().count()).isEqualTo(1);
        assertThat(registry.find("verifykit.retries").counters()).isEmpty();
    }

    @Test
    void aWaitIsActiveWhileItWaitsThenTimedByOutcome() throws Exception {
        String id;
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            id = session.id();
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            mock.journal().await(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/*"), 1, Duration.ofSeconds(30));

            assertThat(registry.get("verifykit.waits.active").tags("operation", "dock.awaitCompletion").gauge().value())
                    .isEqualTo(1);

            mock.dock().complete(session.id());
            assertThat(wait.get(30, TimeUnit.SECONDS).isCompleted()).isTrue();
            awaitWaitEnd();
        }

        assertThat(registry.get("verifykit.waits.active").gauge().value()).isZero();
        assertThat(registry.get("verifykit.waits").tags("service", "dock", "operation", "dock.awaitCompletion",
                "outcome", "completed").timer().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.calls").tags("operation", "GET /v2/sessions/{id}", "outcome", "success")
                .timer().count()).isPositive();
        assertThat(registry.find("verifykit.poll.cap.stops").counters()).isEmpty();
        // Tags name templates, never the session's id.
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .isNotEmpty().noneMatch(value -> value.contains(id) || value.contains(KEY));
    }

    @Test
    void aWaitStoppedAtThePollCapIsCounted() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(30)).build()))
                    .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.option()).isEmpty());
            assertThat(awaitWaitEnd().outcome()).isEqualTo(WaitOutcome.POLL_CAP);
        }

        assertThat(registry.get("verifykit.poll.cap.stops").tags("service", "dock", "operation", "dock.awaitCompletion")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.waits").tags("outcome", "poll_cap").timer().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.waits.active").gauge().value()).isZero();
    }

    /**
     * {@code verifykit.poll.cap.stops}: "Waits stopped before the session's poll cap". Before the fix,
     * a wait stopped by its caller's own {@code WaitOptions.maxRequests} (a {@code PollCapException}
     * whose message says "not at the service's poll cap") was counted there too, and timed as
     * {@code outcome=poll_cap}: here a wait limited to 2 requests of a session that had used 2 of its 3
     * reads. An alert on the session's poll cap (the plan's reads used up) fired for the application's
     * own limit, and no event field told the two apart. It is the outcome {@code request_limit} now.
     */
    @Test
    void aWaitStoppedAtItsOwnMaxRequestsIsNotCountedAsStoppedAtThePollCap() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(), WaitOptions.builder().maxRequests(2).build()))
                    .isInstanceOfSatisfying(PollCapException.class,
                            e -> assertThat(e.option()).contains("WaitOptions.maxRequests"))
                    .hasMessageContaining("not at the service's poll cap");
            assertThat(awaitWaitEnd().outcome()).isEqualTo(WaitOutcome.REQUEST_LIMIT);
        }

        assertThat(registry.find("verifykit.poll.cap.stops").counters())
                .as("waits counted as stopped before the session's poll cap (3 reads; 2 used)").isEmpty();
        assertThat(registry.get("verifykit.waits").tags("service", "dock", "operation", "dock.awaitCompletion",
                "outcome", "request_limit").timer().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.waits.active").gauge().value()).isZero();
    }

    @Test
    void createBucketWaitsAndWebhookRefusalsAreCounted() {
        try (DockClient dock = client().scheduler(VirtualScheduler.autoAdvancing(Instant.now()))
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(MAX_WAIT)
                        .createBurst(1).createRefill(Duration.ofHours(1)).build())
                .createTokenWait(Duration.ofHours(2)).build()) {
            dock.sessions().create(params("user_1"));
            dock.sessions().create(params("user_2"));
        }
        String secret = "whsec_metrics_test";
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(metrics)
                .replayGuard(ReplayGuard.inMemory()).skipTimestampCheck(true).build();
        byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);
        String good = WebhookSigner.of(secret).sign(body);
        verifier.handle(body, good.substring(0, good.length() - 1) + (good.endsWith("0") ? "1" : "0"), event -> {});
        verifier.verify(body, good);
        assertThatThrownBy(() -> verifier.verify(body, "t=x")).isInstanceOf(WebhookVerificationException.class);

        Timer bucket = registry.get("verifykit.create.bucket.waits").tags("service", "dock").timer();
        assertThat(bucket.count()).isEqualTo(1);
        assertThat(bucket.totalTime(TimeUnit.MINUTES)).isGreaterThan(59);
        assertThat(registry.get("verifykit.webhook.refusals").tags("reason", "NO_MATCHING_SIGNATURE").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("verifykit.webhook.refusals").tags("reason", "MALFORMED_HEADER").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Object::toString)
                .noneMatch(id -> id.contains(secret));
    }

    @Test
    void webhookDeliveriesAreCountedByOutcomeAndTheirHandlersTimed() {
        String secret = "whsec_metrics_test";
        VirtualScheduler clock = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).listener(metrics).scheduler(clock)
                .replayGuard(ReplayGuard.inMemory()).skipTimestampCheck(true).build();
        byte[] first = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"id\":\"ver_2\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);

        verifier.handle(first, WebhookSigner.of(secret).sign(first), event -> clock.advance(Duration.ofSeconds(2)));
        verifier.handle(first, WebhookSigner.of(secret).sign(first), event -> {});
        verifier.handle(second, WebhookSigner.of(secret).sign(second), event -> {
            clock.advance(Duration.ofSeconds(5));
            throw new IllegalStateException("down");
        });

        assertThat(registry.get("verifykit.webhook.deliveries").tags("outcome", "handled").counter().count()).isEqualTo(1);
        assertThat(registry.get("verifykit.webhook.deliveries").tags("outcome", "already_handled").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("verifykit.webhook.deliveries").tags("outcome", "handler_failed").counter().count())
                .isEqualTo(1);
        Timer handled = registry.get("verifykit.webhook.handler").tags("outcome", "handled", "error", "none").timer();
        assertThat(handled.count()).isEqualTo(1);
        assertThat(handled.totalTime(TimeUnit.SECONDS)).isEqualTo(2);
        Timer failed = registry.get("verifykit.webhook.handler")
                .tags("outcome", "handler_failed", "error", "IllegalStateException").timer();
        assertThat(failed.count()).isEqualTo(1);
        assertThat(failed.totalTime(TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(registry.find("verifykit.webhook.handler").tags("outcome", "already_handled").timer()).isNull();
    }

    @Test
    void aRetrysReasonIsKeptToItsStatusOrType() {
        RetryEvent.Builder retry = RetryEvent.builder().attempt(1).delay(Duration.ofMillis(10));
        assertThat(VerifyKitMetrics.reasonTag(retry.reason("HTTP 429 RATE_LIMITED").status(429).build()))
                .isEqualTo("HTTP 429");
        assertThat(VerifyKitMetrics.reasonTag(retry.reason("HTTP 503").status(503).build())).isEqualTo("HTTP 503");
        assertThat(VerifyKitMetrics.reasonTag(retry.reason("TransportException").status(OptionalInt.empty()).build()))
                .isEqualTo("TransportException");
    }

    /**
     * The gauge of waits in progress read the count of the first instance on a registry only: waits
     * of a second instance (one per client, or a new one after a Spring context restarted with the
     * registry kept) never showed.
     */
    @Test
    void instancesOnOneRegistryShareTheGaugeOfWaitsInProgress() {
        VerifyKitMetrics second = VerifyKitMetrics.create(registry);
        WaitStart first = WaitStart.builder().id(1).service(Service.DOCK).operation("dock.awaitCompletion").build();
        WaitStart other = WaitStart.builder().id(2).service(Service.DOCK).operation("dock.awaitCompletion").build();
        metrics.onWaitStart(first);
        second.onWaitStart(other);

        assertThat(registry.get("verifykit.waits.active").tags("operation", "dock.awaitCompletion").gauge().value())
                .isEqualTo(2);

        second.onWaitEnd(other, WaitEnd.builder().outcome(WaitOutcome.COMPLETED).attempts(1).pollsUsed(1)
                .duration(Duration.ofSeconds(1)).build());
        assertThat(registry.get("verifykit.waits.active").gauge().value()).isEqualTo(1);
    }

    @Test
    void noRegistryIsRefused() {
        assertThatThrownBy(() -> VerifyKitMetrics.create(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("registry");
    }

    /** create() threw MalformedResponseException: verifykit.calls must count a failure, not a success. */
    @Test
    void aCreateThatThrowsOnAnUnreadableAnswerIsTimedAsAFailure() {
        mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(200)
                .withHeader("Content-Type", "application/json").withBody("{}"), 1);
        try (DockClient dock = client().build()) {
            assertThatThrownBy(() -> dock.sessions().create(params("user_1"))).isInstanceOf(MalformedResponseException.class);
        }

        assertThat(registry.get("verifykit.calls").timers()).singleElement().satisfies(timer -> {
            assertThat(timer.getId().getTag("outcome")).as("outcome tag of a create() that threw").isEqualTo("failure");
            assertThat(timer.getId().getTag("error")).as("error tag of a create() that threw")
                    .isEqualTo("MalformedResponseException");
        });
    }

    /**
     * An async wait whose options a read refuses (extra headers replacing the User-Agent): refused
     * at the call now, before any wait or read begins, so nothing is timed (it was a read refused
     * before sending, in the wait's future, timed as a failed read and a failed wait).
     */
    @Test
    void anAsyncWaitWhoseOptionsAReadRefusesIsRefusedAtTheCallAndNothingIsTimed() {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            assertThatThrownBy(() -> dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(30)).build(),
                    RequestOptions.builder().header("User-Agent", "mine/1.0").build()))
                    .isInstanceOf(dev.verifykit.error.ValidationException.class);
        }

        assertThat(callStarts).as("calls started: the create only").hasSize(1);
        assertThat(registry.find("verifykit.waits").timers()).as("no wait began").isEmpty();
        assertThat(registry.find("verifykit.calls").tags("operation", "GET /v2/sessions/{id}").timer())
                .as("no read was started").isNull();
    }

    /** A wait the caller cancels is counted cancelled; its cancelled read is no transport failure. */
    @Test
    void aCancelledWaitsReadIsNotCountedAsATransportFailure() throws Exception {
        try (DockClient dock = client().build()) {
            DockSession session = dock.sessions().create(params("user_1"));
            mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofSeconds(20)), 1);
            callStarts.clear();
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(session.id(),
                    WaitOptions.builder().timeout(Duration.ofSeconds(30)).build());
            assertThat(callStarts.poll(30, TimeUnit.SECONDS)).as("the read started").isNotNull();
            wait.cancel(true);
            awaitWaitEnd();
        }

        assertThat(registry.get("verifykit.waits").tags("outcome", "cancelled").timer().count()).isEqualTo(1);
        assertThat(registry.find("verifykit.calls").tags("operation", "GET /v2/sessions/{id}", "outcome", "failure",
                "error", "TransportException").timer())
                .as("a failed-call timer (TransportException) for the read the caller cancelled").isNull();
        assertThat(registry.get("verifykit.calls").tags("operation", "GET /v2/sessions/{id}", "outcome", "cancelled",
                "error", "none").timer().count()).isEqualTo(1);
    }

    /**
     * {@code verifykit.refusals}: "each attempt the service answered with a 4xx status", tagged with
     * its call's service and operation and the status: 400 and 499 are, 399, 500 and an attempt with
     * no answer are not.
     */
    @Test
    void refusalsAreThe4xxAttemptsTaggedWithTheirCallsServiceAndOperation() {
        CallStart create = CallStart.builder().id(1).service(Service.DOKAI).operation("POST /v1/verify/session").build();
        for (OptionalInt status : new OptionalInt[] {OptionalInt.of(399), OptionalInt.of(400), OptionalInt.of(499),
                OptionalInt.of(500), OptionalInt.empty()}) {
            metrics.onAttempt(create, AttemptEnd.builder().number(1).status(status).duration(Duration.ofMillis(5)).build());
        }

        assertThat(registry.find("verifykit.refusals").counters()).hasSize(2).allSatisfy(refused -> {
            assertThat(refused.getId().getTag("service")).isEqualTo("dokai");
            assertThat(refused.getId().getTag("operation")).isEqualTo("POST /v1/verify/session");
            assertThat(refused.count()).isEqualTo(1);
        }).extracting(refused -> refused.getId().getTag("status")).containsExactlyInAnyOrder("400", "499");
    }

    /**
     * {@code verifykit.streams.closed}: "each session stream that closed", tagged with its service and
     * the reason in lower case ({@code completed}, {@code server_closed}, {@code broken}, {@code cancelled}).
     */
    @Test
    void eachClosedStreamIsCountedByServiceAndReason() {
        StreamEvent stream = StreamEvent.builder().waitId(1).service(Service.DOCK)
                .operation("GET /v2/sessions/{id}/stream").build();
        for (StreamCloseReason reason : StreamCloseReason.values()) {
            metrics.onStreamClose(stream, StreamClose.builder().reason(reason).duration(Duration.ofSeconds(1)).build());
        }
        metrics.onStreamClose(stream, StreamClose.builder().reason(StreamCloseReason.BROKEN)
                .duration(Duration.ofSeconds(1)).build());

        Map<String, Double> closed = registry.find("verifykit.streams.closed").counters().stream()
                .peek(counter -> assertThat(counter.getId().getTags()).extracting(Tag::getKey)
                        .containsExactlyInAnyOrder("service", "reason"))
                .peek(counter -> assertThat(counter.getId().getTag("service")).isEqualTo("dock"))
                .collect(Collectors.toMap(counter -> counter.getId().getTag("reason"), Counter::count));
        assertThat(closed).isEqualTo(Map.of("completed", 1.0, "server_closed", 1.0, "broken", 2.0, "cancelled", 1.0));
    }
}
