package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RPC clients against the mock's injected faults, on the check and the completion mutations. */
class RpcFaultsTest {
    private static final String BUILDER = "156319135";
    private static final String CHECK = "/roblox/auth.checkVerification";
    private static final String COMPLETE = "/roblox/auth.completeVerification";
    private static final String REFRESH = "/roblox/auth.refresh";
    private static final String BEGIN = "/roblox/auth.beginVerification";
    /**
     * The read timeout of the test whose faults must pass it (a late head, a trickled body), which
     * are expressed from it; a served answer taken for a timeout there is only one more retry.
     */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The read timeout of every other test: only a bound against a hang. With 2 s (700 ms before),
     * a machine stalled that long turned a served answer into a timeout: a count off by one, a
     * completion's 503 or 429 (never retried) ended as a TransportException instead.
     */
    private static final Duration PATIENT_READ_TIMEOUT = Duration.ofSeconds(30);

    private MockServer mock;
    private RobloxVerificationClient rpc;
    private RobloxGameServerClient game;

    @BeforeEach
    void start() {
        mock = MockServer.start();
        rpc = rpc(PATIENT_READ_TIMEOUT);
        game = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl()).retryPolicy(RETRIES)
                .readTimeout(PATIENT_READ_TIMEOUT).callTimeout(Duration.ofSeconds(60))
                .verificationSecret(mock.settings().roblox().verificationSecret()).build();
    }

    private static final RetryPolicy RETRIES = RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(50))
            .maxDelay(Duration.ofMillis(200)).maxRetryAfter(Duration.ofSeconds(3)).build();

    private RobloxVerificationClient rpc(Duration readTimeout) {
        return RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).retryPolicy(RETRIES)
                .readTimeout(readTimeout).callTimeout(Duration.ofSeconds(60))
                .checkInterval(Duration.ofMillis(100)).minCheckInterval(Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        rpc.close();
        game.close();
        mock.close();
    }

    private List<MockJournalEntry> calls(String path) {
        return mock.journal().find(MockJournalQuery.all().service("roblox").path(path));
    }

    @Test
    void eachFaultOnTheCheckMutationIsRetriedToTheStatus() {
        rpc.close();
        rpc = rpc(READ_TIMEOUT); // the late head and the trickled body are to pass it
        VerificationStart start = rpc.beginVerification();
        List<MockFault> faults = List.of(MockFault.resetBeforeResponse(false), MockFault.resetBeforeResponse(true),
                MockFault.resetMidBody(), MockFault.truncateBody(), MockFault.delayHead(READ_TIMEOUT.multipliedBy(3)),
                MockFault.throttleBody(8, READ_TIMEOUT.multipliedBy(2)), MockFault.respond(503));
        for (MockFault fault : faults) {
            mock.faults().add("POST", CHECK, fault, 1);

            VerificationStatus status = rpc.checkVerification(start.sessionId());

            assertThat(status).as(fault.toString()).isInstanceOf(VerificationStatus.Pending.class);
        }
        assertThat(calls(CHECK)).filteredOn(MockJournalEntry::faulted).hasSize(faults.size());
        assertThat(mock.faults().rules()).allSatisfy(r -> assertThat(r.remaining()).isZero());
    }

    /** A single check documents that it throws the rate limit: it does, at once, with the hint. */
    @Test
    void aRateLimitedCheckThrowsAtOnce() {
        VerificationStart start = rpc.beginVerification();
        mock.faults().add("POST", CHECK, MockFault.respond(429).withHeader("Retry-After", "1"), 1);

        assertThatThrownBy(() -> rpc.checkVerification(start.sessionId()))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
        assertThat(calls(CHECK)).hasSize(1);
    }

    @Test
    void theCheckGivesUpWithTheTypedFailureWhenTheFaultOutlastsTheRetries() {
        VerificationStart start = rpc.beginVerification();
        mock.faults().add("POST", CHECK, MockFault.respond(500), 3);

        assertThatThrownBy(() -> rpc.checkVerification(start.sessionId()))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        mock.faults().add("POST", CHECK, MockFault.truncateBody(), 3);
        assertThatThrownBy(() -> rpc.checkVerification(start.sessionId()))
                .isInstanceOf(MalformedResponseException.class);
        assertThat(calls(CHECK)).hasSize(6).allSatisfy(e -> assertThat(e.faulted()).isTrue());
    }

    @Test
    void aCompletionLostAfterItWasProcessedIsNotSentAgain() {
        VerificationStart start = rpc.beginVerification();
        mock.faults().add("POST", COMPLETE, MockFault.resetBeforeResponse(true), 1);

        assertThatThrownBy(() -> game.completeVerification(start.code(), BUILDER))
                .isInstanceOf(TransportException.class);

        assertThat(calls(COMPLETE)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.header("x-verification-secret")).isEqualTo("[redacted]");
            assertThat(e.body()).doesNotContain(mock.settings().roblox().verificationSecret());
        });
        assertThat(rpc.checkVerification(start.sessionId())).isInstanceOf(VerificationStatus.Verified.class);
    }

    @Test
    void aCompletionRefusedWithA503OrA429IsNotRetriedAndIsTyped() {
        VerificationStart start = rpc.beginVerification();
        mock.faults().add("POST", COMPLETE, MockFault.respond(503), 1);
        mock.faults().add("POST", COMPLETE, MockFault.respond(429).withHeader("Retry-After", "4"), 1);

        assertThatThrownBy(() -> game.completeVerification(start.code(), BUILDER))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThatThrownBy(() -> game.completeVerification(start.code(), BUILDER))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(4)));
        game.completeVerification(start.code(), BUILDER);

        assertThat(calls(COMPLETE)).extracting(MockJournalEntry::status).containsExactly(503, 429, 200);
    }

    /**
     * A begin or a refresh answered with a 5xx may have arrived: a begin made a session, a refresh was
     * counted against the server's 4 a user an hour (the mock counts it before it reads the user again,
     * which here fails: 500, no headshot). Neither is sent again, as the README and {@code refresh}
     * promise ("each call sends one"); resent as a check is, each such refresh could cost three of the four.
     */
    @Test
    void aBeginOrARefreshAnsweredWithA5xxIsNotSentAgain() {
        mock.faults().add("POST", BEGIN, MockFault.respond(503), 1);
        assertThatThrownBy(rpc::beginVerification)
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        VerificationStart start = rpc.beginVerification();
        game.completeVerification(start.code(), BUILDER);
        AuthSession session = rpc.authSession((VerificationStatus.Verified) rpc.checkVerification(start.sessionId()));
        mock.faults().add("POST", REFRESH, MockFault.respond(503), 1);
        mock.roblox().registerUserWithoutHeadshot(BUILDER);

        assertThatThrownBy(session::refresh)
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThatThrownBy(session::refresh).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.serviceMessage()).contains("Roblox user headshot not available");
        });

        assertThat(calls(BEGIN)).extracting(MockJournalEntry::status).containsExactly(503, 200);
        assertThat(calls(REFRESH)).extracting(MockJournalEntry::status).containsExactly(503, 500);
    }
}
