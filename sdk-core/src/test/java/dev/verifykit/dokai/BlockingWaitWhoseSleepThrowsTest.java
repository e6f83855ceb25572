package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.testing.ForwardingScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code Poller.Run.fire}: "whatever it throws (an Error of a guardrail store of the caller's, a
 * scheduler of the caller's refusing the next timer) ends the wait with it"; VerifyKitListener:
 * a wait's end is told ("onWaitEnd: A wait ended: completed, timed out, cancelled, stopped at its
 * poll cap, or failed"). A blocking wait sleeps between its reads on the waiting thread
 * ({@code Poller.Inline.drive}, through the client's {@code Scheduler.sleep}) outside any step: what
 * a scheduler of the caller's throws there ({@link Error} or not) escapes {@code Poller.await} with
 * the wait's future never completed, so the wait's end is never told (its span stays open, the
 * {@code verifykit.waits.active} gauge stays raised, no {@code verifykit.waits} timer) and its close
 * hook stays registered with the client's lifecycle.
 */
class BlockingWaitWhoseSleepThrowsTest {

    /** A virtual clock whose {@code sleep} fails once told to. */
    private static final class FailingSleeps extends ForwardingScheduler {
        final VirtualScheduler time = (VirtualScheduler) inner;
        final AtomicBoolean fail = new AtomicBoolean();

        FailingSleeps() {
            super(VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z")));
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (fail.get()) {
                throw new NoClassDefFoundError("com/example/TimerSupport"); // a class of the application's scheduler, lazily loaded
            }
            time.sleep(duration);
        }
    }

    @Test
    void aBlockingWaitWhoseSleepFailsIsToldEnded() {
        FailingSleeps scheduler = new FailingSleeps();
        List<String> waits = new CopyOnWriteArrayList<>();
        List<String> calls = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onWaitStart(WaitStart wait) {
                waits.add("start " + wait.operation());
            }

            @Override
            public void onWaitEnd(WaitStart wait, WaitEnd end) {
                waits.add("end " + wait.operation() + " " + end.outcome());
            }

            @Override
            public void onCallStart(CallStart call) {
                calls.add("start " + call.operation());
            }

            @Override
            public void onCallEnd(CallStart call, CallEnd end) {
                calls.add("end " + call.operation());
            }
        };
        DokaiSettings settings = DokaiSettings.builder().build();
        try (MockServer mock = MockServer.start(MockSettings.builder().dokai(settings).build());
                DokaiClient dokai = DokaiClient.builder().apiKey(settings.apiKey()).baseUrl(mock.dokaiBaseUrl())
                        .scheduler(scheduler).listener(listener).build()) {
            KycSession created = dokai.verifySessions().create(CreateKycSessionParams.builder().build());
            scheduler.fail.set(true);

            Throwable thrown = catchThrowable(() -> dokai.verifySessions().awaitResult(created.id(),
                    WaitOptions.builder().timeout(Duration.ofMinutes(5)).build()));

            assertThat(thrown).as("what the wait threw").isInstanceOf(NoClassDefFoundError.class);
            assertThat(calls).as("the wait's read told started and ended").contains("end GET /v1/verify/session/{id}");
            assertThat(waits).as("the wait's events (its calls: %s)", calls)
                    .containsExactly("start dokai.awaitResult", "end dokai.awaitResult FAILED");
        }
    }
}
