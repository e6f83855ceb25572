package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ServerException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
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
 * A create asleep until its retry (refused 503 with a 2-minute Retry-After: nothing on the wire) does
 * not hold the clients' close: the close wakes it, and it ends with the refusal. Its retry is told
 * only as its attempt starts ({@code onRetry}), so the starter counts it asleep from its failed
 * attempt's end.
 */
class ShutdownWakesCallsWaitingToRetryTest {
    static final CountDownLatch REFUSED = new CountDownLatch(1);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        DockClientCustomizer patientRetries() {
            return builder -> builder.retryPolicy(RetryPolicy.builder().maxRetryAfter(Duration.ofMinutes(5)).build());
        }

        @Bean
        VerifyKitListener probe() {
            return new VerifyKitListener() {
                @Override
                public void onAttempt(CallStart call, AttemptEnd attempt) {
                    if (attempt.failure().isPresent()) {
                        REFUSED.countDown();
                    }
                }
            };
        }
    }

    @Test
    void aCreateWaitingForItsRetryDoesNotHoldTheClientsClose() throws Exception {
        try (MockServer mock = MockServer.start()) {
            mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503).withHeader("Retry-After", "120"), 1);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                    .properties("spring.lifecycle.timeout-per-shutdown-phase=5m",
                            "verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .run();
            DockClient dock = app.getBean(DockClient.class);
            try {
                CompletableFuture<String> creating = Background.supply(() -> {
                    try {
                        dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build());
                        return "created";
                    } catch (ServerException e) {
                        return "refused " + e.httpStatus();
                    }
                });
                assertThat(REFUSED.await(20, TimeUnit.SECONDS)).as("the create's first attempt was refused").isTrue();

                CompletableFuture<Void> closed = Background.run(app::close);
                try {
                    assertThat(creating.get(20, TimeUnit.SECONDS)).isEqualTo("refused 503");
                    closed.get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    fail("20 s after the context began to close, the create is still not ended (create done: "
                            + creating.isDone() + ", context closed: " + closed.isDone() + "): ClientShutdown holds"
                            + " the clients' close for a create that only sleeps until its retry (2 min away)");
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause());
                }
            } finally {
                dock.close(); // wake everything so no thread outlives the test
            }
        }
    }
}
