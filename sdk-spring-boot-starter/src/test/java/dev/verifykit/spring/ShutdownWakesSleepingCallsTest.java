package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A create asleep for its create-bucket token (nothing sent) does not hold the shutdown: before, the
 * starter counted it as a call in progress and held the close of every client, and with it the
 * cancellation of every wait, until the token came (up to {@code createTokenWait}, here 2 minutes).
 */
class ShutdownWakesSleepingCallsTest {
    static final CountDownLatch WAIT_BEGUN = new CountDownLatch(1);
    static final CountDownLatch BUCKET_WAIT = new CountDownLatch(1);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        VerifyKitListener probe() {
            return new VerifyKitListener() {
                @Override
                public void onCallStart(CallStart call) {
                    if (call.waitId().isPresent()) {
                        WAIT_BEGUN.countDown();
                    }
                }

                @Override
                public void onCreateBucketWait(CallStart call, BucketWait wait) {
                    BUCKET_WAIT.countDown();
                }
            };
        }
    }

    @Test
    void aCreateSleepingForItsTokenDoesNotHoldTheClientsCloseNorTheWaitsCancellation() throws Exception {
        try (MockServer mock = MockServer.start()) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                    .properties("spring.lifecycle.timeout-per-shutdown-phase=5m",
                            "verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl(),
                            "verifykit.dock.guardrails.create-burst=1", "verifykit.dock.guardrails.create-refill=2m",
                            "verifykit.dock.create-token-wait=5m")
                    .run();
            DockClient dock = app.getBean(DockClient.class);
            try {
                DockSession first = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                        .clientId("user_1").build());
                CompletableFuture<String> waiting = Background.supply(() -> {
                    try {
                        dock.sessions().awaitCompletion(first.id(), WaitOptions.builder().timeout(Duration.ofMinutes(10)).build());
                        return "completed";
                    } catch (WaitCancelledException e) {
                        return "cancelled";
                    }
                });
                CompletableFuture<String> creating = Background.supply(() -> {
                    try {
                        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_2").build());
                        return "created";
                    } catch (WaitCancelledException e) {
                        return "cancelled";
                    }
                });
                assertThat(WAIT_BEGUN.await(60, TimeUnit.SECONDS)).as("the wait began").isTrue();
                assertThat(BUCKET_WAIT.await(60, TimeUnit.SECONDS)).as("the second create sleeps for its token").isTrue();

                CompletableFuture<Void> closed = Background.run(app::close);
                try {
                    assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo("cancelled");
                    assertThat(creating.get(60, TimeUnit.SECONDS)).isEqualTo("cancelled");
                    closed.get(60, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("60 s after the context began to close, the wait is still not cancelled (wait done: "
                            + waiting.isDone() + ", create done: " + creating.isDone() + ", context closed: "
                            + closed.isDone() + "): ClientShutdown holds the clients' close for a create that only"
                            + " sleeps for its create-bucket token (2 min away)");
                }
            } finally {
                dock.close(); // wake everything so no thread outlives the test
            }
        }
    }
}
