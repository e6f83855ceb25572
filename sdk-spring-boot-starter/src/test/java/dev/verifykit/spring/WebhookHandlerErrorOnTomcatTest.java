package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A webhook handler failing with an {@code Error} (a class missing at run time, a stack overflow) in
 * the starter's own setup: Tomcat, the servlet registered with async support, so the body is read
 * asynchronously and the handler runs in {@code ReadListener.onAllDataRead}. {@code WebhookServlet}
 * promises "500 when your handler threw" (and logs "answered 500 so that it is sent again"): it set
 * the 500 and completed the request, then threw the {@code Error} on out of the read listener, and
 * Tomcat, handling that as an error of the asynchronous cycle, closed the connection before the
 * completed response was written: the sender got no answer at all, not a byte. (Jetty, where
 * {@code WebhookServletTest.aHandlerFailingWithAnErrorIsAnswered500SoThatTheEventIsSentAgain} runs, wrote it.)
 */
class WebhookHandlerErrorOnTomcatTest {
    private static final String SECRET = "whsec_test";
    private static final AtomicInteger CALLS = new AtomicInteger();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        /** Fails with an Error the first time, then handles the delivery sent again. */
        @Bean
        WebhookHandler handler() {
            return event -> {
                if (CALLS.incrementAndGet() == 1) {
                    throw new NoClassDefFoundError("com/example/Missing");
                }
            };
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aHandlerFailingWithAnErrorIsAnswered500OnTomcat() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                "server.address=127.0.0.1", "verifykit.dokai.webhook.enabled=true",
                "verifykit.dokai.webhook.secret=" + SECRET).run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            byte[] body = "{\"id\":\"ver_error1\",\"status\":\"verified\",\"type\":\"hosted\",\"event\":\"verification.completed\"}"
                    .getBytes(StandardCharsets.UTF_8);
            HttpRequest delivery = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/verifykit/dokai/webhook"))
                    .timeout(Duration.ofSeconds(30)).header(WebhookSigner.HEADER, WebhookSigner.of(SECRET).sign(body))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            HttpResponse<String> failed;
            try {
                failed = http.send(delivery, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException noAnswer) {
                throw new AssertionError("the delivery whose handler failed with an Error got no answer at all ("
                        + noAnswer + "), not the 500 WebhookServlet promises", noAnswer);
            }
            assertThat(failed.statusCode()).as("the answer to a delivery whose handler failed with an Error").isEqualTo(500);

            HttpResponse<String> again = http.send(delivery, HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).as("the same delivery sent again: its claim was released").isEqualTo(200);
            assertThat(again.body()).isEqualTo("HANDLED\n");
        }
    }
}
