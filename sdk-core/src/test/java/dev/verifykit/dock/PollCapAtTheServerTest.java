package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.PollCapException;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll cap and the minimum interval as Dock (the mock, on the clients' virtual time) counts
 * them: README, "they stop with a {@code PollCapException} before the plan's poll cap (60 free, 150
 * premium) would be exceeded", and reads "each at least 2 s after the moment the previous one can
 * have reached Dock". The caps are shrunk alike on both sides (free 2, premium 4); the interval is
 * Dock's own 2 s. Each test asserts from the mock's journal that no read was refused.
 */
class PollCapAtTheServerTest {
    private static final String FREE_KEY = "dock_test_free";
    private static final String FREE_PID = "PID-FREE0001";
    private static final String PREMIUM_KEY = "dock_test_premium";
    private static final String PREMIUM_PID = "PID-PREM0001";
    private static final int FREE_CAP = 2;
    private static final int PREMIUM_CAP = 4;
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer mock;
    private DockClient free;
    private DockClient premium;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().clock(DockFlowTest.clockOf(time))
                .dock(DockSettings.builder().freePollCap(FREE_CAP).premiumPollCap(PREMIUM_CAP).build()).build());
        DockGuardrails guardrails = DockGuardrails.builder().freePollCap(FREE_CAP).premiumPollCap(PREMIUM_CAP).build();
        // a retry's backoff far below the interval: only the session's gate spaces a retried read
        RetryPolicy quick = RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(1))
                .maxDelay(Duration.ofMillis(1)).build();
        free = DockClient.builder().apiKey(FREE_KEY).baseUrl(mock.dockBaseUrl()).scheduler(time)
                .guardrails(guardrails).retryPolicy(quick).build();
        premium = DockClient.builder().apiKey(PREMIUM_KEY).plan(DockPlan.PREMIUM).baseUrl(mock.dockBaseUrl())
                .scheduler(time).guardrails(guardrails).retryPolicy(quick).build();
    }

    @AfterEach
    void stop() {
        free.close();
        premium.close();
        mock.close();
    }

    /**
     * One set of guardrails, two plans: a premium client reads past the free cap up to the premium
     * one, and a free client stops at the free one; each stops before Dock would refuse, sending
     * nothing more.
     */
    @Test
    void eachPlanReadsUpToItsOwnCapAndNoFurtherWithoutARefusal() {
        DockSession premiums = premium.sessions().create(CreateSessionParams.builder().pid(PREMIUM_PID).clientId("p").build());
        DockSession frees = free.sessions().create(CreateSessionParams.builder().pid(FREE_PID).clientId("f").build());

        for (int i = 0; i < PREMIUM_CAP; i++) {
            premium.sessions().retrieve(premiums.id());
        }
        assertThatThrownBy(() -> premium.sessions().retrieve(premiums.id()))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(PREMIUM_CAP));
        for (int i = 0; i < FREE_CAP; i++) {
            free.sessions().retrieve(frees.id());
        }
        assertThatThrownBy(() -> free.sessions().retrieve(frees.id()))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(FREE_CAP));

        assertThat(reads(premiums.id())).as("the premium session's reads at Dock").hasSize(PREMIUM_CAP)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(reads(frees.id())).as("the free session's reads at Dock").hasSize(FREE_CAP)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(mock.journal().find(MockJournalQuery.all().status(429))).as("refusals by Dock").isEmpty();
    }

    /**
     * A read Dock handled (and counted) whose answer was lost is retried as a read of its own: no
     * sooner than the interval after it, however short the retry's backoff, and counted against the
     * cap, so the session's reads stop at the cap with the retry among them.
     */
    @Test
    void aReadDockCountedWhoseAnswerWasLostIsRetriedAsAReadOfItsOwn() {
        DockSession session = premium.sessions().create(CreateSessionParams.builder().pid(PREMIUM_PID).clientId("p").build());
        mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.resetBeforeResponse(true), 1);

        premium.sessions().retrieve(session.id()); // handled, its answer lost, retried
        for (int i = 2; i < PREMIUM_CAP; i++) {
            premium.sessions().retrieve(session.id());
        }
        assertThatThrownBy(() -> premium.sessions().retrieve(session.id()))
                .isInstanceOfSatisfying(PollCapException.class, e -> assertThat(e.limit()).isEqualTo(PREMIUM_CAP));

        List<MockJournalEntry> reads = reads(session.id());
        assertThat(reads).as("the reads at Dock, the lost one first").hasSize(PREMIUM_CAP)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(reads.get(0).faulted()).isTrue();
        for (int i = 1; i < reads.size(); i++) {
            assertThat(Duration.between(reads.get(i - 1).receivedAt(), reads.get(i).receivedAt()))
                    .as("read %d after read %d, on Dock's clock", i + 1, i).isGreaterThanOrEqualTo(INTERVAL);
        }
        assertThat(mock.journal().find(MockJournalQuery.all().status(429))).as("refusals by Dock").isEmpty();
    }

    private List<MockJournalEntry> reads(String sessionId) {
        return mock.journal().find(MockJournalQuery.all().method("GET").path("/dock/v2/sessions/" + sessionId));
    }
}
