package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application whose webhook endpoint received one delivery left a VerifyKit timer thread running
 * after its context had closed: the endpoint's body deadline ran on the JVM-wide Scheduler.system(),
 * which nothing the context closes ends (it idles out 30 s later); in a WAR, the container reports
 * such a thread as a leak at undeploy. The endpoint, the relay and the verifier now have timers that
 * end with the context.
 */
class NoTimerOutlivesContextTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        WebhookHandler handler() {
            return event -> { };
        }

        @Bean
        RelayAuthorizer everyone() {
            return (request, sessionId) -> true;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void noVerifyKitThreadOutlivesAContextWhoseWebhookEndpointWasUsed() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (MockServer mock = MockServer.start()) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                    "server.address=127.0.0.1", "verifykit.dokai.webhook.enabled=true",
                    "verifykit.dokai.webhook.secret=whsec_test").run();
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/verifykit/dokai/webhook"))
                    .header(WebhookSigner.HEADER, "t=1,v1=00").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"verification.completed\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(400); // a forged delivery, read asynchronously
            app.close();
        }
        List<Thread> left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("verifykit-")).toList();
        for (Thread thread : left) {
            thread.join(10_000); // as StarterLifecycleTest allows
        }
        assertThat(left.stream().filter(Thread::isAlive).map(Thread::getName)).isEmpty();
    }
}
