package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A container may end an asynchronous cycle itself: Tomcat does when it stops its connector (a
 * server's graceful shutdown whose time is up, or an immediate one), as an async timeout, and after
 * an error of its own (a client gone), by an error dispatch; then it recycles the request, after which
 * {@code AsyncContext.getResponse()} throws {@code IllegalStateException} (the Servlet API says so of
 * a completed cycle). {@code WebhookServlet} registered no {@code AsyncListener}, so such a read stayed
 * among those {@code destroy()} ends, its deadline pending; {@code destroy()} (and the deadline, on the
 * timer) then called {@code async.getResponse()} outside any try ({@code BodyRead.finish}), threw, and
 * left the other reads unanswered, their body deadlines pending, and (with the default scheduler) the
 * servlet's timer running. {@code WebhookBodyArrivingAtServerStopTest} in the starter shows it in a
 * real Tomcat. The container here is faked, as Tomcat behaves.
 */
class WebhookReadEndedByTheContainerTest {
    private static final String SECRET = "whsec_mock";

    /** One delivery's request as the container hands it over, its body not yet arrived ({@link #arrives()} brings it but for its end). */
    private static final class Delivery {
        final List<AsyncListener> listeners = new ArrayList<>();
        final AtomicInteger status = new AtomicInteger();
        volatile boolean endedByTheContainer;
        ReadListener reader;
        boolean arrived;
        int position;
        /** Run at the first status set on the response. */
        Runnable onFirstStatus = () -> {};
        final HttpServletRequest request;
        final HttpServletResponse response;
        final AsyncContext async;

        Delivery(byte[] body, String signature) {
            ServletInputStream in = new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return position == body.length;
                }

                @Override
                public boolean isReady() {
                    return arrived && position < body.length; // its end has not arrived
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    reader = listener;
                }

                @Override
                public int read() {
                    if (!arrived) {
                        throw new AssertionError("not ready");
                    }
                    return position < body.length ? body[position++] & 0xff : -1;
                }

                @Override
                public int read(byte[] to, int offset, int length) {
                    if (!arrived) {
                        throw new AssertionError("not ready");
                    }
                    int n = Math.min(length, body.length - position);
                    System.arraycopy(body, position, to, offset, n);
                    position += n;
                    return n;
                }
            };
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    written.write(b);
                }
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
                        case "getResponse" -> {
                            if (endedByTheContainer) {
                                throw new IllegalStateException(
                                        "The request associated with the AsyncContext has already completed processing.");
                            }
                            yield response;
                        }
                        case "addListener" -> {
                            listeners.add((AsyncListener) a[0]);
                            yield null;
                        }
                        case "setTimeout" -> null;
                        case "complete" -> {
                            if (endedByTheContainer) {
                                throw new IllegalStateException("already completed");
                            }
                            yield null;
                        }
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
        void arrives() throws IOException {
            arrived = true;
            reader.onDataAvailable();
        }

        /** The end of its body arrives: the container calls onAllDataRead. */
        void ends() {
            try {
                reader.onAllDataRead();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What Tomcat does to an async cycle when its connector stops: a timeout, then the request recycled. */
        void timedOutByTheContainer() throws Exception {
            for (AsyncListener listener : List.copyOf(listeners)) {
                listener.onTimeout(new AsyncEvent(async, request, response));
            }
            endedByTheContainer = true;
        }

        /** What Tomcat does after an error of its own (the client gone): an error dispatch, the cycle completed, the request recycled. */
        void completedByTheContainer() throws Exception {
            for (AsyncListener listener : List.copyOf(listeners)) {
                listener.onComplete(new AsyncEvent(async, request, response));
            }
            endedByTheContainer = true;
        }
    }

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"));
    private final AtomicInteger handled = new AtomicInteger();
    private final WebhookServlet servlet = new WebhookServlet(WebhookVerifier.builder().secret(SECRET).build(),
            event -> handled.incrementAndGet(), Duration.ofSeconds(10), time);
    private final byte[] body = "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":\"verification.completed\"}"
            .getBytes(StandardCharsets.UTF_8);
    private final String signature = WebhookSigner.of(SECRET).sign(body);

    /** A delivery posted, its body not yet arrived. */
    private Delivery arriving() throws Exception {
        Delivery delivery = new Delivery(body, signature);
        servlet.doPost(delivery.request, delivery.response);
        return delivery;
    }

    /**
     * Tomcat stopping its connector ended one read's cycle; the servlet's {@code destroy()} then threw
     * {@code IllegalStateException} from that read and never answered the other one, whose deadline
     * stayed pending.
     */
    @Test
    void destroyEndsEveryReadStillHeldWithoutThrowingWhenTheContainerEndedOne() throws Exception {
        Delivery endedByTheContainer = arriving();
        Delivery stillArriving = arriving();
        assertThat(time.pendingTasks()).as("both bodies' deadlines").isEqualTo(2);

        endedByTheContainer.timedOutByTheContainer();

        assertThat(endedByTheContainer.status).as("the delivery whose request the container ended: not taken")
                .hasValue(503);
        assertThatCode(servlet::destroy).as("destroy()").doesNotThrowAnyException();
        assertThat(stillArriving.status).as("the delivery still arriving is answered 503").hasValue(503);
        assertThat(time.pendingTasks()).as("no body deadline left pending").isZero();
        assertThat(handled).hasValue(0);
    }

    /**
     * The container completed a request itself (after a client went away); its read stayed pending,
     * and its deadline, 10 s later, threw {@code IllegalStateException} on the timer's thread.
     */
    @Test
    void aRequestTheContainerCompletedEndsItsReadAndDeadline() throws Exception {
        Delivery delivery = arriving();

        delivery.completedByTheContainer();

        assertThat(time.pendingTasks()).as("the body's deadline").isZero();
        assertThatCode(() -> time.advance(Duration.ofSeconds(10))).doesNotThrowAnyException();
        assertThat(delivery.status).as("nothing written to a request the container completed").hasValue(0);
        assertThatCode(servlet::destroy).doesNotThrowAnyException();
        assertThat(handled).hasValue(0);
    }

    /**
     * A body's deadline ending its read as the container ends the request (the container's word of it
     * coming just after): the deadline's answer threw {@code IllegalStateException} on the timer's thread.
     */
    @Test
    void aDeadlineMeetingARequestTheContainerJustEndedDoesNotThrow() throws Exception {
        Delivery delivery = arriving();

        delivery.endedByTheContainer = true; // recycled; its listeners not yet told

        assertThatCode(() -> time.advance(Duration.ofSeconds(10))).doesNotThrowAnyException();
        assertThat(time.pendingTasks()).isZero();
        assertThatCode(servlet::destroy).doesNotThrowAnyException();
        assertThat(handled).hasValue(0);
    }

    /**
     * {@code destroy()} sets its flag, then walks the reads still arriving and answers each 503. A body
     * whose end arrived in between (the container calling {@code onAllDataRead} while {@code destroy()}
     * walks the reads) was handed to the handler and answered 200, after the servlet was taken out of
     * service. {@code destroy()} is held between its two steps by the first 503 it writes, which lets the
     * other body end.
     */
    @Test
    void aBodyEndingWhileDestroyWalksTheReadsIsAnswered503AndNotHandled() throws Exception {
        Delivery first = arriving();
        Delivery second = arriving();
        first.arrives();
        second.arrives();
        AtomicBoolean ended = new AtomicBoolean();
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
