package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Graceful shutdown is there to let requests in flight finish. A request in flight when the
 * application begins to close has its wait ended (a wait must not hold the shutdown), but its next
 * calls work until the web server has stopped: here it creates a session, waits for it (ended by the
 * shutdown), tries a second wait (refused at once), then reads the session to answer. Before, the
 * starter closed the clients in the graceful shutdown's phase, as soon as no call was on the wire,
 * and that read failed with {@code ClientClosedException} while the server still waited for the
 * request.
 */
class GracefulShutdownInFlightRequestTest {
    private static final WaitUnderWay WAITING = new WaitUnderWay();
    /** Counted down when the starter closes its clients (it closes them in the order they were given). */
    private static final CountDownLatch CLIENTS_CLOSED = new CountDownLatch(1);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        VerifyKitListener waitUnderWay() {
            return WAITING;
        }

        @Bean
        ServletRegistrationBean<HttpServlet> createAwaitRead(DockClient dock) {
            return new ServletRegistrationBean<>(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    StringBuilder outcome = new StringBuilder();
                    try {
                        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                                .clientId("user_1").build());
                        outcome.append(await(session)).append(' ').append(await(session)).append(' ');
                        outcome.append(dock.sessions().retrieve(session.id()).status().raw());
                    } catch (Exception e) {
                        outcome.append(e.getClass().getSimpleName());
                    }
                    // declared length, flushed: complete before the server's stop (see GracefulShutdownTest)
                    byte[] body = outcome.toString().getBytes(StandardCharsets.UTF_8);
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                    response.flushBuffer();
                }

                private String await(DockSession session) {
                    try {
                        dock.sessions().awaitCompletion(session.id(), WaitOptions.builder().timeout(Duration.ofMinutes(10)).build());
                        return "completed";
                    } catch (WaitCancelledException e) {
                        return "cancelled";
                    }
                }
            }, "/create-await-read");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRequestInFlightStillCallsTheClientsAfterTheShutdownEndedItsWait() throws Exception {
        try (MockServer mock = MockServer.start()) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                    "server.address=127.0.0.1", "server.shutdown=graceful",
                    "spring.lifecycle.timeout-per-shutdown-phase=5m", "verifykit.dock.api-key=dock_test_free",
                    "verifykit.dock.base-url=" + mock.dockBaseUrl()).run();
            app.getBean(ClientShutdown.class).closeAtShutdown(CLIENTS_CLOSED::countDown);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/create-await-read")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(WAITING.begun.await(60, TimeUnit.SECONDS)).as("the request's wait began").isTrue();
            CompletableFuture<Void> closed = Background.run(app::close);
            assertThat(answer.get(100, TimeUnit.SECONDS).body())
                    .as("the wait ended by the shutdown, a later one refused, the read that followed answered")
                    .isEqualTo("cancelled cancelled pending");
            closed.get(100, TimeUnit.SECONDS); // not the phase's five minutes
            assertThat(CLIENTS_CLOSED.getCount()).as("the clients were closed after the server's stop").isZero();
            assertThat(app.isActive()).isFalse();
        }
    }
}
