package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import jakarta.servlet.Filter;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A real Tomcat stopped while deliveries' bodies are still arriving ({@code server.shutdown=immediate};
 * a graceful shutdown whose time is up goes on the same way). Tomcat stops its connector, which ends
 * their asynchronous cycles itself (an async timeout, which no {@code AsyncListener} of the servlet's
 * heard: an error dispatch, the request recycled), and later takes the servlet out of service.
 * {@code WebhookServlet.destroy()} then answered each read it still held: {@code BodyRead.finish} called
 * {@code async.getResponse()} outside its try, Tomcat threw {@code IllegalStateException} ("The request
 * associated with the AsyncContext has already completed processing"), which escaped {@code destroy()}
 * (logged SEVERE by Tomcat), skipped the other reads and left the servlet's own timer running after the
 * context closed (its body deadlines pending). Nothing here races time: the close follows the latch
 * that says both reads are under way, long before their 10-s deadlines (a machine so slow that they
 * struck first would only answer 408 and pass without showing the defect). Tomcat's connector stop
 * hands each timeout to its executor, which it then shuts down: a timeout that never ran leaves the
 * read to {@code destroy()}, which must end it all the same. {@code WebhookReadEndedByTheContainerTest}
 * shows each case deterministically with a faked container.
 */
class WebhookBodyArrivingAtServerStopTest {
    private static final String SECRET = "whsec_test";
    private static final String PATH = "/verifykit/dokai/webhook";
    private static final int DELIVERIES = 2;
    /** Counted down once the webhook servlet has started reading a delivery's body asynchronously. */
    private static final CountDownLatch READING = new CountDownLatch(DELIVERIES);

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        WebhookHandler handler() {
            return event -> { };
        }

        /** Tells when the servlet returned with the request in asynchronous mode: its body read is under way. */
        @Bean
        FilterRegistrationBean<Filter> bodyReadStarted() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                chain.doFilter(request, response);
                if (request.isAsyncStarted()) {
                    READING.countDown();
                }
            });
            registration.addUrlPatterns(PATH);
            registration.setAsyncSupported(true);
            return registration;
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theServletsDestroyEndsEveryReadAndItsTimerWithoutThrowing() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        List<LogRecord> severe = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (severe) {
                        severe.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties("server.port=0",
                "server.address=127.0.0.1", "server.shutdown=immediate",
                "verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + SECRET).run();
        Logger.getLogger("").addHandler(capture); // after the start: Spring Boot's logging setup resets the JDK's
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
                .getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).sign(body);
        List<Socket> senders = new ArrayList<>();
        try {
            for (int i = 0; i < DELIVERIES; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                senders.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + WebhookSigner.HEADER + ": " + signature + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 10); // the rest never comes before the shutdown
                out.flush();
            }
            assertThat(READING.await(60, TimeUnit.SECONDS)).as("both bodies are being read").isTrue();

            app.close(); // both requests active: Tomcat stops its connector, then destroys the servlet
        } finally {
            Logger.getLogger("").removeHandler(capture);
            for (Socket socket : senders) {
                socket.close();
            }
        }

        synchronized (severe) {
            assertThat(severe).as("nothing logged SEVERE at shutdown (Tomcat logs a destroy() that throws)")
                    .extracting(record -> record.getMessage() + " " + record.getThrown()
                            + (record.getThrown() != null && record.getThrown().getCause() != null
                                    ? " caused by " + record.getThrown().getCause() : ""))
                    .isEmpty();
        }
        List<Thread> left = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("verifykit-")).toList();
        for (Thread thread : left) {
            thread.join(10_000); // as NoTimerOutlivesContextTest allows
        }
        assertThat(left.stream().filter(Thread::isAlive).map(Thread::getName))
                .as("no VerifyKit timer outlives the context").isEmpty();
    }
}
