package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.Background;
import dev.verifykit.testing.SteppedClock;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The in-memory replay guard (the verifier's default) timed its claims and handled deliveries on the
 * wall-clock {@code now} the verifier passed it: a step of the wall clock (an NTP correction) was
 * taken for time passed. It keeps them on the verifier's monotonic clock now (README: "Waits and
 * tokens are timed on the monotonic clock ... a step of it (an NTP correction) is no time that
 * passed"). The machine's wall clock is stepped ({@link SteppedClock}) while true time (a manual
 * virtual scheduler) moves only when the test moves it.
 */
class ClaimOnTheWallClockTest {
    private final VirtualScheduler trueTime = Fixtures.clock();
    private final SteppedClock machine = new SteppedClock(trueTime);
    private final WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).scheduler(machine).build();
    private final List<DokaiWebhookEvent> handled = new CopyOnWriteArrayList<>();

    /**
     * A wall-clock step forward of more than the claim timeout while a handler ran made its claim
     * look expired: Dokai's retry of the delivery was claimed and handed to a second handler beside
     * the first, though 5 s had passed ("the verifier calls a handler at most once at a time per
     * event"), and the first handler's extensions were refused from then on.
     */
    @Test
    void aWallClockStepWhileAHandlerRunsDoesNotHandTheSameEventToASecondHandler() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<WebhookOutcome> first = Background.supply(() -> verifier.handle(BODY, hmacHex(SECRET, BODY),
                event -> {
                    inHandler.countDown();
                    assertThat(finish.await(30, TimeUnit.SECONDS)).isTrue();
                    handled.add(event);
                }));
        assertThat(inHandler.await(30, TimeUnit.SECONDS)).isTrue();

        trueTime.advance(Duration.ofSeconds(5)); // five seconds pass; NTP steps the wall clock 2 minutes ahead
        machine.wallOff(Duration.ofMinutes(2));
        WebhookOutcome retry = verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add);
        finish.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(retry.kind()).as("the first copy's handler still runs, 5 s into a 60-s claim")
                .isEqualTo(WebhookOutcome.Kind.IN_PROGRESS);
        assertThat(retry.retryAfter()).as("what is left of the claim, whatever the wall clock says")
                .contains(Duration.ofSeconds(55));
        assertThat(handled).as("handled once").hasSize(1);
    }

    /**
     * A handled delivery is remembered for the guard's time to live (24 h) of time that passed: a
     * wall-clock step forward of a day and more right after made a copy of it look new, and handled
     * again; a step back kept an abandoned claim standing for the step as well as its timeout.
     */
    @Test
    void wallClockStepsMoveNeitherAHandledDeliverysTimeToLiveNorAnAbandonedClaimsTimeout() {
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        machine.wallOff(Duration.ofHours(25));
        assertThat(verifier.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind())
                .as("a copy a moment after, the wall clock a day ahead").isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);

        ReplayGuard guard = ReplayGuard.inMemory();
        WebhookVerifier dying = WebhookVerifier.builder().secret(SECRET).scheduler(machine).replayGuard(guard).build();
        ReplayGuard.Claim abandoned = guard.claim("event/ver_abc123/verification.completed", machine.now());
        assertThat(abandoned.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED); // the instance holding it dies
        machine.wallOff(Duration.ofHours(-1));
        trueTime.advance(ReplayGuard.DEFAULT_CLAIM_TIMEOUT);
        assertThat(dying.handle(BODY, hmacHex(SECRET, BODY), handled::add).kind())
                .as("the claim timeout passed, the wall clock an hour behind").isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(handled).hasSize(2);
    }
}
