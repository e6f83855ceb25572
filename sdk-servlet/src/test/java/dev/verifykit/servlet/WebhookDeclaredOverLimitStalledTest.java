package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.Await;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY's bounds ({@code WebhookServlet}: a body over {@code maxBodyBytes} is answered "413 at
 * once with {@code Connection: close} (also for a body still arriving at the body's 10-s deadline)"),
 * the servlet's Javadoc ("A body over {@code maxBodyBytes} is answered 413"), and the servlet's own
 * refusal by declared length: a body whose {@code Content-Length} declares it over the limit (within
 * the 1 MiB read of a refused body), whose bytes stop before the limit was reached, is a body over
 * the limit; it was answered 408 at the deadline, which invites the sender to send the whole body
 * again, to be refused again.
 */
class WebhookDeclaredOverLimitStalledTest {
    private static final String SECRET = "whsec_mock";
    private static final String PATH = "/verifykit/dokai/webhook";
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private Container container;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(container);
    }

    @Test
    void aBodyDeclaredOverTheLimitThatStopsArrivingBeforeItIsAnswered413AtItsDeadline() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).maxBodyBytes(256).build(),
                event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), time);
        container = Container.start(c -> c.map(PATH, servlet));
        byte[] part = new byte[100]; // under the limit of 256; 300,000 declared
        Arrays.fill(part, (byte) 'x');
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard: the answer comes when virtual time passes the deadline
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + WebhookSigner.HEADER + ": " + WebhookSigner.of(SECRET).sign(part) + "\r\nContent-Length: 300000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            Await.awaitTrue(() -> time.pendingTasks() == 1); // the body's deadline is set

            time.advance(Duration.ofSeconds(10));

            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).isEqualTo("HTTP/1.1 413 Payload Too Large");
        }
        assertThat(handlerCalls).hasValue(0);
    }
}
