package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * WebhookServlet's Javadoc (destroy(): "every delivery whose body is still arriving is answered 503
 * with Retry-After (... its handler never called)") and README ("every delivery still arriving or
 * arriving later once the container has called destroy(); none of these calls the handler or claims
 * the event") say so without a condition. Registered without async support (the blocking read the
 * Javadoc offers, and the README's advice for Tomcat's continueResponseTiming=onRead), a delivery
 * whose body was still arriving when destroy() was called is handled all the same, after the
 * servlet was taken out of service, and answered 200.
 */
class WebhookBlockingReadDestroyedTest {
    private static final String SECRET = "whsec_mock";
    private static final String PATH = "/verifykit/dokai/webhook";
    private static final String BODY = "{\"id\":\"ver_blocking1\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2099-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}";

    private final AtomicInteger handlerCalls = new AtomicInteger();
    private Container container;

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    void aBlockingDeliveryStillArrivingWhenTheServletIsDestroyedIsAnswered503WithoutCallingTheHandler() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        List<WebhookRefusal> refusals = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onWebhookRefused(WebhookRefusal refusal) {
                refusals.add(refusal);
            }
        };
        WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).listener(listener).build(),
                event -> handlerCalls.incrementAndGet()) {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                super.doPost(new HttpServletRequestWrapper(request) {
                    @Override
                    public ServletInputStream getInputStream() throws IOException {
                        reading.countDown(); // the servlet begins reading the body: past its destroyed check
                        return super.getInputStream();
                    }
                }, response);
            }
        };
        container = Container.start(false, c -> c.map(PATH, servlet)); // no async support: the body read blocking
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), container.port())) {
            socket.setSoTimeout(20_000); // a hang guard
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + WebhookSigner.HEADER + ": " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            assertThat(reading.await(20, TimeUnit.SECONDS)).as("the body is being read").isTrue();

            servlet.destroy(); // the container takes the servlet out of service while the body arrives

            try {
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
            } catch (IOException closed) {
                // the servlet answered and closed the connection: fine
            }
            List<String> head = responseHead(socket);
            assertThat(handlerCalls).as("handler calls after destroy()").hasValue(0);
            assertThat(head.get(0)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(head).contains("Retry-After: " + WebhookServlet.RETRY_AFTER_SECONDS);
            assertThat(refusals).as("the listener (verifykit.webhook.refusals) is told of it, as taken out of service")
                    .extracting(WebhookRefusal::reason, r -> r.status().getAsInt())
                    .containsExactly(tuple("SERVLET_DESTROYED", 503));
        }
    }

    private static List<String> responseHead(Socket socket) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
            lines.add(line);
        }
        assertThat(lines).as("an answer").isNotEmpty();
        return lines;
    }
}
