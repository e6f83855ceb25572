package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.mock.MockServer;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.servlet.RelaySettings;
import dev.verifykit.testing.Background;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * README: "Your own bean of a client's type (or of WebhookVerifier, SessionStreams, DockRelay) replaces
 * the auto-configured one" (e.g. for RelaySettings the properties do not cover). At a graceful shutdown
 * the starter's relay ends its browsers' streams without a word, and EventSource reconnects (to another
 * instance behind the load balancer). With a relay of your own, the starter's end of the clients' waits
 * (in the graceful shutdown's phase) ends the relay's upstreams with a WaitCancelledException, and every
 * browser is sent {@code relay-error {"error":"unavailable"}}: the README's page code closes its
 * EventSource on it and shows an error, for a session that is still fine. (The same end is kept for 5
 * minutes as a lasting one, though README says "unavailable" is a passing failure that is not kept.)
 */
class RelayOfYourOwnAtShutdownTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RelayAuthorizer everyone() {
            return (request, sessionId) -> true;
        }

        @Bean
        DockRelay myRelay(SessionStreams streams) {
            return DockRelay.create(streams, RelaySettings.builder().endedRetention(Duration.ofMinutes(1)).build());
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aBrowserFollowingASessionIsNotToldItFailedBecauseTheApplicationShutsDown() throws Exception {
        try (MockServer mock = MockServer.start()) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                    "server.address=127.0.0.1", "server.shutdown=graceful",
                    "spring.lifecycle.timeout-per-shutdown-phase=20s", "verifykit.dock.api-key=dock_test_free",
                    "verifykit.dock.base-url=" + mock.dockBaseUrl(), "verifykit.dock.relay.enabled=true").run();
            try {
                DockSession session = app.getBean(DockClient.class).sessions().create(CreateSessionParams.builder()
                        .pid("PID-FREE0001").clientId("user_1").build());
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/verifykit/dock/sessions/" + session.id() + "/events"))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                assertThat(stream.statusCode()).isEqualTo(200);
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                List<String> all = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> read = Background.run(() -> {
                    try {
                        stream.body().forEach(line -> {
                            all.add(line);
                            lines.add(line);
                        });
                    } catch (RuntimeException connectionEnded) {
                        // the server's stop may end the connection: what was read is kept
                    }
                });
                String line;
                do {
                    line = lines.poll(60, TimeUnit.SECONDS);
                    assertThat(line).as("the browser's stream went on").isNotNull();
                } while (!(line.startsWith("data:") && line.contains("pending")));

                CompletableFuture<Void> closed = Background.run(app::close);
                read.get(120, TimeUnit.SECONDS);
                closed.get(120, TimeUnit.SECONDS);

                assertThat(all).as("what the browser was sent after the application began to shut down")
                        .doesNotContain("event: relay-error");
            } finally {
                app.close();
            }
        }
    }
}
