package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.http.RawResponse;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockFaultRule;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Dock client against the mock's injected faults: each kind on a create and on a read, and
 * the duplicate trap. What the client observes is checked, and what the mock received is read
 * from its journal.
 */
class DockFaultsTest {
    private static final String PID = "PID-FREE0001";
    private static final String CREATE = "/dock/v2/sessions";
    private static final String READ = "/dock/v2/sessions/*";
    private static final Duration INTERVAL = Duration.ofMillis(50);
    /**
     * The read timeout of the tests whose faults must pass it (a late head, a trickled body), which
     * are expressed from it, and which tolerate a served answer taken for a timeout and retried.
     */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The read timeout of every other test: only a bound against a hang. With 2 s (700 ms before),
     * a machine stalled that long turned a served answer into a timeout and a retry: a count off by
     * one, a 503 or a 429 that was to end the call ended as a timeout instead.
     */
    private static final Duration PATIENT_READ_TIMEOUT = Duration.ofSeconds(30);

    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private MockServer mock;
    private DockClient dock;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(INTERVAL)
                .maxWait(Duration.ofSeconds(2)).build()).build());
        dock = client(2);
    }

    private DockClient client(int maxRetries) {
        return client(maxRetries, PATIENT_READ_TIMEOUT);
    }

    private DockClient client(int maxRetries, Duration readTimeout) {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(2)).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(maxRetries).baseDelay(Duration.ofMillis(50))
                        .maxDelay(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(3)).build())
                .readTimeout(readTimeout).callTimeout(Duration.ofSeconds(60)).createTokenWait(Duration.ZERO).build();
    }

    /** A client whose read timeout ({@link #READ_TIMEOUT}) the faults of the test are to pass. */
    private void useTimingOutClient() {
        dock.close();
        dock = client(2, READ_TIMEOUT);
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
        dock.close();
        mock.close();
    }

    private DockSession create(String clientId) {
        return dock.sessions().create(CreateSessionParams.builder().pid(PID).clientId(clientId).build());
    }

    private List<MockJournalEntry> creates() {
        return mock.journal().find(MockJournalQuery.all().method("POST").path(CREATE));
    }

    private List<MockJournalEntry> reads(String id) {
        return mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + id));
    }

    /** The duplicate trap: the session is made, the answer is lost, the retry with the same key gets it. */
    @Test
    void aResetAfterTheCreateIsRetriedWithTheSameKeyAndYieldsExactlyOneSession() {
        MockFaultRule rule = mock.faults().add("POST", CREATE, MockFault.resetBeforeResponse(true), 1);

        RawResponse<DockSession> created = dock.sessions().withRawResponse()
                .create(CreateSessionParams.builder().pid(PID).clientId("user_1").build());
        DockSession session = created.value();

        assertThat(created.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        assertThat(mock.dock().session(session.id())).isPresent();
        List<MockJournalEntry> creates = creates();
        assertThat(creates).hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> {
            assertThat(e.idempotencyKey()).isEqualTo(created.idempotencyKey().orElseThrow().value());
            assertThat(e.status()).isEqualTo(200);
        });
        assertThat(creates.get(0).faultRule()).isEqualTo(rule.id());
        assertThat(creates.get(0).fault()).isEqualTo("reset-before-response processed=true");
        assertThat(creates.subList(1, creates.size())).noneMatch(MockJournalEntry::faulted);
        assertThat(mock.faults().rule(rule.id())).hasValueSatisfying(r -> {
            assertThat(r.applied()).isEqualTo(1);
            assertThat(r.remaining()).isZero();
        });
    }

    /**
     * The create whose first answer was lost reached Dock and took its token there; the retry's
     * replay takes none. The client keeps the first attempt's token: given back, it would send a
     * create Dock refuses once the bucket is empty.
     */
    @Test
    void aCreateReplayedAfterALostAnswerKeepsItsToken() {
        useBucket(2);
        mock.faults().add("POST", CREATE, MockFault.resetBeforeResponse(true), 1);

        RawResponse<DockSession> replayed = dock.sessions().withRawResponse()
                .create(CreateSessionParams.builder().pid(PID).clientId("user_1").build());
        assertThat(replayed.header("Idempotent-Replayed")).contains("true");
        create("user_2");

        assertThatThrownBy(() -> create("user_3")).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.getMessage()).contains("nothing was sent"));
        assertThat(creates()).as("what the mock answered").extracting(MockJournalEntry::status)
                .containsExactly(200, 200, 200);
    }

    /**
     * A create answered 503 may have been counted by Dock before it failed, and its retry (with
     * nothing to replay) is counted again: each attempt holds a token of its own. Holding one for
     * the whole call, the client sent a third create into a bucket of two.
     */
    @Test
    void eachAttemptOfARetriedCreateHoldsATokenOfItsOwn() {
        useBucket(2);
        mock.faults().add("POST", CREATE, MockFault.respond(503), 1);

        DockSession first = create("user_1");

        assertThat(first.reusedExisting()).isFalse();
        assertThatThrownBy(() -> create("user_2")).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.getMessage()).contains("nothing was sent"));
        assertThat(creates()).as("what the mock answered").extracting(MockJournalEntry::status)
                .containsExactly(503, 200);
    }

    /**
     * A retry that finds the bucket empty is not sent: the call fails with the answer of the
     * attempt before, the empty bucket beside it.
     */
    @Test
    void aRetryOfACreateThatFindsTheBucketEmptyIsNotSent() {
        useBucket(1);
        mock.faults().add("POST", CREATE, MockFault.respond(503), 1);

        assertThatThrownBy(() -> create("user_1")).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.getSuppressed()).singleElement().isInstanceOfSatisfying(RateLimitException.class,
                    empty -> assertThat(empty.getMessage()).contains("nothing was sent"));
        });
        assertThat(creates()).extracting(MockJournalEntry::status).containsExactly(503);
    }

    /** A client (and mock) whose create bucket holds {@code burst} and refills once an hour. */
    private void useBucket(int burst) {
        dock.close();
        mock.close();
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().createBurst(burst)
                .createRefill(Duration.ofHours(1)).build()).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().createBurst(burst).createRefill(Duration.ofHours(1)).build())
                // a 429 from the mock is final (its hint, an hour, is past maxRetryAfter): the test fails, not hangs
                .retryPolicy(RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(50))
                        .maxRetryAfter(Duration.ofSeconds(3)).build())
                .readTimeout(PATIENT_READ_TIMEOUT).createTokenWait(Duration.ZERO).build();
    }

    @Test
    void aResetBeforeTheCreateIsProcessedIsRetried() {
        mock.faults().add("POST", CREATE, MockFault.resetBeforeResponse(false), 1);

        DockSession session = create("user_1");

        assertThat(session.reusedExisting()).isFalse();
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        assertThat(creates()).extracting(MockJournalEntry::status).startsWith(-1).endsWith(200);
    }

    @Test
    void aResetMidBodyOfTheCreateIsRetriedAndReplayed() {
        mock.faults().add("POST", CREATE, MockFault.resetMidBody(), 1);

        DockSession session = create("user_1");

        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        assertThat(mock.dock().session(session.id())).isPresent();
        assertThat(creates()).hasSize(2).extracting(MockJournalEntry::faulted).containsExactly(true, false);
    }

    @Test
    void aTruncatedCreateAnswerIsAMalformedResponseWithTheRequestId() {
        mock.faults().add("POST", CREATE, MockFault.truncateBody(), 1);

        assertThatThrownBy(() -> create("user_1")).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_")));
        assertThat(creates()).singleElement().satisfies(e -> assertThat(e.faulted()).isTrue());
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
    }

    @Test
    void aCreateAnsweredLaterThanTheReadTimeoutIsRetriedAndReplayed() {
        useTimingOutClient();
        mock.faults().add("POST", CREATE, MockFault.delayHead(READ_TIMEOUT.multipliedBy(3)), 1);

        create("user_1");

        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        assertThat(creates()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aCreateBodyTrickledSlowerThanTheReadTimeoutIsRetried() {
        useTimingOutClient();
        mock.faults().add("POST", CREATE, MockFault.throttleBody(16, READ_TIMEOUT.multipliedBy(2)), 1);

        DockSession session = create("user_1");

        assertThat(mock.dock().session(session.id())).isPresent();
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        // the trickled answer, then its retry (and one more, if a stalled machine let the retry's 2 s pass too)
        assertThat(creates()).extracting(MockJournalEntry::faulted).hasSizeGreaterThanOrEqualTo(2).startsWith(true)
                .containsOnlyOnce(true);
    }

    @Test
    void aSlowButSteadyBodyIsReadToTheEnd() {
        mock.faults().add("POST", CREATE, MockFault.throttleBody(256, Duration.ofMillis(100)), 1);
        // Timeouts far above the throttle's 100-ms pace: on a loaded machine a chunk may come much later
        // than 100 ms, and the class's 700-ms read timeout (for the stall tests) would retry a steady body.
        try (DockClient patient = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).maxWait(Duration.ofSeconds(2)).build())
                .readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60)).createTokenWait(Duration.ZERO)
                .build()) {
            patient.sessions().create(CreateSessionParams.builder().pid(PID).clientId("user_1").build());
        }

        assertThat(creates()).singleElement().satisfies(e -> assertThat(e.faulted()).isTrue());
    }

    @Test
    void a503OnTheCreateIsRetriedWithoutMakingASecondSession() {
        mock.faults().add("POST", CREATE, MockFault.respond(503), 2);

        create("user_1");

        assertThat(creates()).extracting(MockJournalEntry::status).containsExactly(503, 503, 200);
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
    }

    @Test
    void persistent503sEndAsAServerExceptionWithTheRequestId() {
        mock.faults().add("POST", CREATE, MockFault.respond(503), 3);

        assertThatThrownBy(() -> create("user_1")).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.code()).contains("INTERNAL_ERROR");
            assertThat(e.requestId()).isPresent();
        });
        assertThat(creates()).hasSize(3);
        assertThat(mock.dock().sessionCount()).isZero();
    }

    @Test
    void a429WithRetryAfterSecondsIsWaitedOut() {
        mock.faults().add("POST", CREATE, MockFault.respond(429).withHeader("Retry-After", "1"), 1);

        create("user_1");

        List<MockJournalEntry> creates = creates();
        assertThat(creates).extracting(MockJournalEntry::status).containsExactly(429, 200);
        assertThat(creates.get(1).receivedNanos() - creates.get(0).receivedNanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
    }

    @Test
    void a429WithoutRetriesLeftIsARateLimitExceptionCarryingTheHint() {
        dock.close();
        dock = client(0);
        mock.faults().add("POST", CREATE, MockFault.respond(429).withHeader("Retry-After", "7"), 1);

        assertThatThrownBy(() -> create("user_1")).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e.requestId()).isPresent();
        });
    }

    @Test
    void aResetOfTheCreateWithoutRetriesIsATransportFailureAndTheSessionExists() {
        dock.close();
        dock = client(0);
        mock.faults().add("POST", CREATE, MockFault.resetBeforeResponse(true), 1);

        assertThatThrownBy(() -> create("user_1")).isInstanceOf(TransportException.class);
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
        // what OkHttp did on its own (a silent re-send on a fresh connection) would show here
        assertThat(creates()).hasSize(1);
    }

    @Test
    void eachFaultOnALongPollReadIsRetriedToTheSession() {
        useTimingOutClient();
        DockSession session = create("user_1");
        mock.dock().complete(session.id()); // long-polls of a completed session answer at once
        List<MockFault> faults = List.of(MockFault.resetBeforeResponse(false), MockFault.resetBeforeResponse(true),
                MockFault.resetMidBody(), MockFault.delayHead(READ_TIMEOUT.multipliedBy(3)),
                MockFault.throttleBody(8, READ_TIMEOUT.multipliedBy(2)), MockFault.respond(503), MockFault.respond(502));
        for (MockFault fault : faults) {
            mock.faults().add("GET", READ, fault, 1);

            DockSession read = dock.sessions().retrieve(session.id(), Duration.ofSeconds(1));

            assertThat(read.id()).as(fault.toString()).isEqualTo(session.id());
        }
        List<MockJournalEntry> reads = reads(session.id());
        assertThat(reads).filteredOn(MockJournalEntry::faulted).extracting(MockJournalEntry::fault)
                .containsExactlyElementsOf(faults.stream().map(MockFault::toString).toList());
        assertThat(mock.faults().rules()).allSatisfy(r -> assertThat(r.applied()).isEqualTo(1));
    }

    @Test
    void aTruncatedReadIsReadAgainAndTooManyAreAMalformedResponseWithTheRequestId() {
        DockSession session = create("user_1");
        mock.faults().add("GET", READ, MockFault.truncateBody(10), 1);
        assertThat(dock.sessions().retrieve(session.id()).id()).isEqualTo(session.id());

        mock.faults().add("GET", READ, MockFault.truncateBody(), 3);

        assertThatThrownBy(() -> dock.sessions().retrieve(session.id()))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.requestId()).isPresent());
        assertThat(reads(session.id())).extracting(MockJournalEntry::faultRule)
                .containsExactly("f1", null, "f2", "f2", "f2");
    }

    @Test
    void a429WithAnHttpDateIsHonouredOnARead() {
        DockSession session = create("user_1");
        ZonedDateTime date = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2).withNano(0); // what the header can say
        mock.faults().add("GET", READ, MockFault.respond(429)
                .withHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(date)), 1);

        dock.sessions().retrieve(session.id());

        List<MockJournalEntry> reads = reads(session.id());
        assertThat(reads).extracting(MockJournalEntry::status).containsExactly(429, 200);
        // the read again comes once the date has passed (both clocks are this machine's), however
        // long the first read took to arrive; (a gap measured from the first read failed when it was slow)
        assertThat(reads.get(1).receivedAt()).isAfterOrEqualTo(date.toInstant().minusMillis(50));
    }

    @Test
    void aWaitRidesOutASpellOf503sAndSeesTheCompletion() throws Exception {
        DockSession session = create("user_1");
        mock.faults().add("GET", READ, MockFault.respond(503), 2);
        mock.faults().add("GET", READ, MockFault.resetMidBody(), 1);
        mock.faults().add("GET", READ, MockFault.respond(500), 2);
        background.schedule(() -> mock.dock().complete(session.id()), 500, TimeUnit.MILLISECONDS);

        DockSession done = dock.sessions().awaitCompletionAsync(session.id()).get(20, TimeUnit.SECONDS);

        assertThat(done.isCompleted()).isTrue();
        assertThat(mock.journal().find(MockJournalQuery.all().path(READ).status(503).faulted(true))).hasSize(2);
        assertThat(mock.faults().rules()).allSatisfy(r -> assertThat(r.active(java.time.Instant.now())).isFalse());
    }
}
