package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code destroy()} sets its flag, then walks the asynchronous reads still arriving and answers each
 * 503. A body whose last bytes arrive in between (the container's thread calling
 * {@code onAllDataRead} while {@code destroy()} walks the reads) was handed to the handler and answered
 * 200, after the servlet was taken out of service: its Javadoc says every delivery whose body is still
 * arriving is answered 503 and its handler never called, and a blocking read ending then is refused
 * so ({@code UntilDestroyed}). The container is faked; {@code destroy()} is held between its two steps
 * by the first 503 it writes, which lets the other body end (found by an outside review).
 */
class WebhookBodyEndingAsDestroyedTest {
    private static final String SECRET = "whsec_mock";

    /** One delivery whose body has arrived but for its end, which {@link #ends()} brings. */
    private static final class Delivery {
        final AtomicInteger status = new AtomicInteger();
        final byte[] body;
        int position;
        ReadListener reader;
        Runnable onFirstStatus = () -> {};
        final HttpServletRequest request;
        final HttpServletResponse response;
        final AsyncContext async;

        Delivery(byte[] body, String signature) {
            this.body = body;
            ServletInputStream in = new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return position == body.length;
                }

                @Override
                public boolean isReady() {
                    return position < body.length; // the end itself has not arrived
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    reader = listener;
                }

                @Override
                public int read() {
                    return position < body.length ? body[position++] & 0xff : -1;
                }

                @Override
                public int read(byte[] to, int offset, int length) {
                    int n = Math.min(length, body.length - position);
                    System.arraycopy(body, position, to, offset, n);
                    position += n;
                    return n;
                }
            };
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}

                @Override
                public void write(int b) {}
            };
            response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status.set((Integer) a[0]);
                            Runnable hook = onFirstStatus;
                            onFirstStatus = () -> {};
                            hook.run();
                            yield null;
                        }
                        case "getOutputStream" -> out;
                        case "setHeader", "setContentType" -> null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AsyncContext.class}, (p, m, a) -> switch (m.getName()) {
                        case "getRequest" -> request();
                        case "getResponse" -> response;
                        case "addListener", "setTimeout", "complete" -> null;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                        case "getHeaders" -> Collections.enumeration(
                                WebhookSigner.HEADER.equalsIgnoreCase((String) a[0]) ? List.of(signature) : List.of());
                        case "getHeader" -> null;
                        case "getContentLengthLong" -> (long) body.length;
                        case "isAsyncSupported" -> true;
                        case "startAsync" -> async;
                        case "getInputStream" -> in;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        private HttpServletRequest request() {
            return request;
        }

        /** Its bytes arrive, all but the end. */
        void arrives() {
            try {
                reader.onDataAvailable();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The end of its body arrives: the container calls onAllDataRead. */
        void ends() {
            try {
                reader.onAllDataRead();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.now());
    private final AtomicInteger handled = new AtomicInteger();
    private final WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).build(),
            event -> handled.incrementAndGet(), Duration.ofSeconds(10), time);

    private Delivery posted(String id) throws Exception {
        byte[] body = ("{\"id\":\"" + id + "\",\"status\":\"verified\",\"event\":\"verification.completed\"}")
                .getBytes(StandardCharsets.UTF_8);
        Delivery delivery = new Delivery(body, WebhookSigner.of(SECRET).sign(body));
        servlet.doPost(delivery.request, delivery.response);
        delivery.arrives();
        return delivery;
    }

    @Test
    void aBodyEndingWhileDestroyWalksTheReadsIsAnswered503AndNotHandled() throws Exception {
        Delivery first = posted("ver_1");
        Delivery second = posted("ver_2");
        AtomicBoolean ended = new AtomicBoolean();
        // destroy() has set its flag and answers the first read it walks: the other body's end arrives then
        first.onFirstStatus = () -> {
            if (ended.compareAndSet(false, true)) {
                second.ends();
            }
        };
        second.onFirstStatus = () -> {
            if (ended.compareAndSet(false, true)) {
                first.ends();
            }
        };

        servlet.destroy();

        assertThat(ended).as("a body ended while destroy() walked the reads").isTrue();
        assertThat(List.of(first.status.get(), second.status.get()))
                .as("the two deliveries' answers, both still arriving when destroy() began").containsExactly(503, 503);
        assertThat(handled).as("events handed to the handler after destroy() began").hasValue(0);
    }
}
