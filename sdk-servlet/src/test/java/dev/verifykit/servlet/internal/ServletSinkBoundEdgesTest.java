package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Edges of a browser's queue its class comment promises and no test held (found by mutation
 * testing): a queue may hold exactly {@code maxBufferedBytes}; what was written no longer counts
 * against the bound; and the container reporting the browser gone (an error, the request's end)
 * ends the stream, its close action run once.
 */
class ServletSinkBoundEdgesTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger completions = new AtomicInteger();

    private final ServletOutputStream out = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return ready.get();
        }

        @Override
        public void setWriteListener(WriteListener listener) {}

        @Override
        public void write(int b) {
            written.write(b);
        }
    };

    private final AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getResponse" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {ServletResponse.class}, (p, m, a) -> {
                            if (m.getName().equals("getOutputStream")) {
                                return out;
                            }
                            throw new UnsupportedOperationException(m.getName());
                        });
                case "addListener", "getRequest" -> null;
                case "complete" -> {
                    completions.incrementAndGet();
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private static byte[] frame(int size) {
        return new byte[size];
    }

    @Test
    void aQueueMayHoldExactlyTheBoundAndWhatWasWrittenNoLongerCounts() throws Exception {
        ServletSink sink = new ServletSink(async, 100);
        sink.start();
        sink.offer(frame(60));
        sink.offer(frame(40)); // exactly the bound
        sink.drain();
        assertThat(sink.isClosed()).as("a queue holding exactly maxBufferedBytes").isFalse();

        ready.set(true);
        sink.drain(); // all written
        ready.set(false);
        assertThat(written.size()).isEqualTo(100);

        sink.offer(frame(50));
        sink.offer(frame(50));
        sink.drain();
        assertThat(sink.isClosed()).as("written bytes counted against the bound").isFalse();

        ready.set(true);
        sink.drain();
        assertThat(written.size()).isEqualTo(200);
    }

    @Test
    void theContainerReportingAnErrorOrTheEndClosesTheStreamOnce() throws Exception {
        ServletSink failed = new ServletSink(async, 100);
        AtomicInteger leftFailed = new AtomicInteger();
        failed.onClose(leftFailed::incrementAndGet);
        failed.start();
        failed.onError(new AsyncEvent(async, new java.io.IOException("reset")));
        assertThat(failed.isClosed()).isTrue();
        assertThat(leftFailed).hasValue(1);

        ServletSink ended = new ServletSink(async, 100);
        AtomicInteger leftEnded = new AtomicInteger();
        ended.onClose(leftEnded::incrementAndGet);
        ended.start();
        ended.onComplete(new AsyncEvent(async));
        assertThat(ended.isClosed()).isTrue();
        assertThat(leftEnded).hasValue(1);

        ServletSink writeFailed = new ServletSink(async, 100);
        AtomicInteger leftWriteFailed = new AtomicInteger();
        writeFailed.onClose(leftWriteFailed::incrementAndGet);
        writeFailed.start();
        writeFailed.onError(new java.io.IOException("broken pipe")); // a failed write, told to the write listener
        assertThat(writeFailed.isClosed()).isTrue();
        assertThat(leftWriteFailed).hasValue(1);
    }
}
