package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body's deadline of an asynchronous read is a timer of the servlet's scheduler (its own timer,
 * which must start its thread for the first one after it idled: {@code OutOfMemoryError: unable to
 * create native thread}). A timer refused is a delivery not taken: answered 503 with
 * {@code Retry-After}, for the service to send it again, without the failure's message.
 */
class WebhookDeadlineRefusedTest {
    private static final String SECRET = "whsec_mock";
    private static final String PATH = "/verifykit/dokai/webhook";
    private static final String BODY = "{\"id\":\"ver_1\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\",\"event\":\"verification.completed\"}";

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private Container container;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(container);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aDeliveryWhoseDeadlineTimerIsRefusedIsAnswered503ToBeSentAgain(boolean error) throws Exception {
        ForwardingScheduler refusing = new ForwardingScheduler(time) {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                if (error) {
                    throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
                }
                throw new RejectedExecutionException("the timer is shut down");
            }
        };
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).build(),
                event -> handlerCalls.incrementAndGet(), Duration.ofSeconds(10), refusing);
        container = Container.start(c -> c.map(PATH, servlet));
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        String answer;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + WebhookSigner.HEADER + ": " + WebhookSigner.of(SECRET).sign(body) + "\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }

        assertThat(answer).as(answer).startsWith("HTTP/1.1 503 ")
                .contains("Retry-After: " + WebhookServlet.RETRY_AFTER_SECONDS)
                .doesNotContain("native thread").doesNotContain("shut down");
        assertThat(servlet.keptBytes()).as("bytes kept").isZero();
    }
}
