package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.MockServer;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RequestOptions.timeout} bounds the whole call, the client's own waits before a request
 * included, counted from the call's start with the listeners' time in it (README "A timeout is a
 * deadline"; RELIABILITY: "a listener taking 2 s over {@code onCallStart} leaves a 1-s call no
 * time"). A create whose token comes 8 s later fits a 10-s timeout; a listener told of that wait
 * ({@code onCreateBucketWait}) takes 5 s of it. The client then still sleeps the whole 8 s from
 * after the listener, and the call fails 13 s after it began, 3 s past its deadline ("its timeout
 * passed before it was sent"), though the token was due 8 s after it began, within the timeout.
 */
class BucketWaitListenerDeadlineTest {
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        dock.close();
        mock.close();
    }

    @Test
    void aCreateWhoseListenerTookPartOfItsTimeoutDoesNotSleepPastIt() {
        mock = MockServer.start();
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).scheduler(time)
                .guardrails(DockGuardrails.builder().createBurst(1).createRefill(Duration.ofSeconds(8)).build())
                .createTokenWait(Duration.ofMinutes(1))
                .listener(new VerifyKitListener() {
                    @Override
                    public void onCreateBucketWait(CallStart call, BucketWait wait) {
                        try {
                            time.sleep(Duration.ofSeconds(5)); // a listener slow to hear of the wait (virtual time)
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build();
        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());

        long start = time.nanoTime();
        Object outcome;
        try {
            outcome = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_2").build(),
                    RequestOptions.builder().timeout(Duration.ofSeconds(10)).build());
        } catch (VerifyKitException e) {
            outcome = e;
        }
        Duration took = Duration.ofNanos(time.nanoTime() - start);

        // the token is due 8 s after the call began, within its timeout: sent then, or given up by the
        // deadline, but never slept for past it
        assertThat(took).as("how long the 10-s create took, its listener's 5 s included (it ended with %s)", outcome)
                .isLessThanOrEqualTo(Duration.ofSeconds(10));
    }
}
