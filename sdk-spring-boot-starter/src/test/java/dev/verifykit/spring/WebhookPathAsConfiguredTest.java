package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookHandler;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * verifykit.dokai.webhook.path is "Where Dokai posts deliveries". Given with a trailing slash
 * (/hooks/dokai/, the URL an application also gives Dokai as its webhook_url), the starter drops the
 * slash and maps the endpoint at /hooks/dokai alone: a delivery posted to the path as configured is
 * answered 404 by the container (an exact servlet mapping; nothing redirects a POST), every retry
 * too, and the event is lost.
 */
class WebhookPathAsConfiguredTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        WebhookHandler handler() {
            return event -> { };
        }
    }

    @Test
    void aDeliveryPostedToThePathAsConfiguredReachesTheEndpoint() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                "server.address=127.0.0.1", "verifykit.dokai.webhook.enabled=true",
                "verifykit.dokai.webhook.secret=whsec_test", "verifykit.dokai.webhook.path=/hooks/dokai/").run();
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            // an unsigned body: the endpoint itself answers it 400 REFUSED, with Cache-Control: no-store
            assertThat(post(port, "/hooks/dokai/")).as("POST to the path as configured").startsWith("HTTP/1.1 400")
                    .contains("REFUSED").contains("Cache-Control: no-store");
            assertThat(post(port, "/hooks/dokai")).as("POST to it without the slash").startsWith("HTTP/1.1 400")
                    .contains("REFUSED");
        } finally {
            app.close();
        }
    }

    private static String post(int port, String target) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000); // a hang guard
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, Math.min(answer.length(), 300));
        }
    }
}
