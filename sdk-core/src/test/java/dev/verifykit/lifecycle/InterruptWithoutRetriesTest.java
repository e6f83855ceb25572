package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * README ("Waiting"): "A blocking wait or call is cancelled by an interrupt of its thread
 * ({@code WaitCancelledException} …)". An interrupt that cut the held long-poll was counted by the
 * waiting engine as one more transient failure in a row, so a wait that rides out none
 * ({@code WaitOptions.maxConsecutiveFailures(0)}, a documented value) ended with the cut call's
 * {@code TransportException} ("was interrupted") instead of {@code WaitCancelledException}.
 * ({@code InterruptTest.anInterruptEndsABlockingWaitWhoseLongPollIsHeld} did not see it: the
 * default rides out 5 failures, so the engine saw the interrupt at its next step.)
 */
class InterruptWithoutRetriesTest {

    @Test
    void anInterruptEndsABlockingWaitThatRidesOutNoFailureAsCancelled() throws Exception {
        try (MockServer slow = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).build()).build());
             DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(slow.dockBaseUrl())
                     .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).holdSpread(Duration.ZERO).build())
                     .build()) {
            String id = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build()).id();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try {
                    dock.sessions().awaitCompletion(id, WaitOptions.builder().maxConsecutiveFailures(0).build());
                } catch (Throwable e) {
                    thrown.set(e);
                } finally {
                    done.countDown();
                }
            });
            waiter.start();
            for (int i = 0; i < 6000 && slow.dock().heldLongPolls() == 0; i++) {
                Thread.sleep(10); // until the long-poll is held, however long it takes to arrive
            }
            assertThat(slow.dock().heldLongPolls()).as("the 25-s long-poll is held").isEqualTo(1);

            waiter.interrupt();

            assertThat(done.await(20, TimeUnit.SECONDS)).as("ended well before the hold's 25 s").isTrue();
            assertThat(thrown.get()).isInstanceOf(WaitCancelledException.class);
        }
    }
}
