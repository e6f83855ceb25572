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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A real Tomcat with graceful shutdown (five minutes for a phase): a request blocked in a wait gets
 * its {@link WaitCancelledException} when the application begins to close, answers, and the
 * shutdown goes on, rather than waiting for the request until the phase's timeout.
 */
class GracefulShutdownTest {
    private static final WaitUnderWay WAITING = new WaitUnderWay();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        VerifyKitListener waitUnderWay() {
            return WAITING;
        }

        @Bean
        ServletRegistrationBean<HttpServlet> awaitServlet(DockClient dock) {
            return new ServletRegistrationBean<>(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                            .clientId("user_1").build());
                    String outcome;
                    try {
                        dock.sessions().awaitCompletion(session.id(), WaitOptions.builder().timeout(Duration.ofMinutes(10)).build());
                        outcome = "completed";
                    } catch (WaitCancelledException e) {
                        outcome = "cancelled";
                    }
                    // Written out whole before the servlet returns: Tomcat's graceful shutdown counts a
                    // request done when its servlet returns, before the container ends the answer, and the
                    // server's stop that follows can close the connection in between (seen on a loaded
                    // machine: first the buffered body was lost, then, flushed but chunked, its last chunk).
                    // With its length declared the answer is complete once flushed.
                    byte[] body = outcome.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                    response.flushBuffer();
                }
            }, "/await");
        }
    }

    @Test
    void aRequestBlockedInAWaitDoesNotHoldTheGracefulShutdown() throws Exception {
        try (MockServer mock = MockServer.start()) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                    "server.address=127.0.0.1", "server.shutdown=graceful",
                    "spring.lifecycle.timeout-per-shutdown-phase=5m", "verifykit.dock.api-key=dock_test_free",
                    "verifykit.dock.base-url=" + mock.dockBaseUrl()).run();
            HttpClient http = HttpClient.newHttpClient();
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/await")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(WAITING.begun.await(60, TimeUnit.SECONDS)).as("the request's wait began").isTrue();
            CompletableFuture<Void> closed = Background.run(app::close);
            assertThat(answer.get(60, TimeUnit.SECONDS).body()).isEqualTo("cancelled");
            closed.get(60, TimeUnit.SECONDS); // not the phase's five minutes
            assertThat(app.isActive()).isFalse();
        }
    }
}
