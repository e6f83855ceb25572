package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.servlet.internal.ServletSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One browser's connection, with a connection that takes bytes only when the test says so: frames
 * queue within the bound, are written and flushed when the connection is ready, and a browser that
 * falls further behind than the bound is disconnected (once, leaving its session).
 */
class ServletSinkTest {
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger completions = new AtomicInteger();
    private final List<AsyncListener> listeners = new ArrayList<>();
    private WriteListener writeListener;

    private final ServletOutputStream out = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return ready.get();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            writeListener = listener;
        }

        @Override
        public void write(int b) {
            written.write(b);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
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
                case "addListener" -> {
                    listeners.add((AsyncListener) args[0]);
                    yield null;
                }
                case "complete" -> {
                    completions.incrementAndGet();
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private static byte[] frame(char c, int size) {
        return String.valueOf(c).repeat(size).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void framesWaitUntilTheConnectionIsReadyThenAreWrittenAndFlushedInOrder() throws Exception {
        ServletSink sink = new ServletSink(async, 1024);
        AtomicInteger left = new AtomicInteger();
        sink.onClose(left::incrementAndGet);
        sink.offer(frame('a', 10));
        sink.drain(); // not started: nothing is written
        sink.start();
        sink.offer(frame('b', 10));
        sink.drain(); // started, but the connection is not ready
        assertThat(written.size()).isZero();

        ready.set(true);
        writeListener.onWritePossible();

        assertThat(written.toString(StandardCharsets.US_ASCII)).isEqualTo("a".repeat(10) + "b".repeat(10));
        assertThat(flushes).hasValue(1);
        assertThat(left).hasValue(0);
        assertThat(listeners).containsExactly(sink);
    }

    @Test
    void aBrowserThatFallsBehindTheBoundIsDisconnectedOnce() throws Exception {
        ServletSink sink = new ServletSink(async, 1024);
        AtomicInteger left = new AtomicInteger();
        sink.onClose(left::incrementAndGet);
        sink.start();
        sink.offer(frame('a', 600));
        sink.offer(frame('b', 400));
        sink.drain();
        assertThat(sink.isClosed()).isFalse(); // 1,000 bytes queued: within the bound

        sink.offer(frame('c', 100));
        sink.drain();

        assertThat(sink.isClosed()).isTrue();
        assertThat(written.size()).isZero();
        assertThat(left).hasValue(1);
        assertThat(completions).hasValue(1);
        sink.close();
        writeListener.onError(new java.io.IOException("gone"));
        assertThat(left).hasValue(1);
    }

    @Test
    void aFinishedSinkEndsOnceItsQueueIsWritten() throws Exception {
        ServletSink sink = new ServletSink(async, 1024);
        sink.start();
        sink.offer(frame('z', 5));
        sink.finish();
        sink.offer(frame('y', 5)); // after finish: dropped

        ready.set(true);
        writeListener.onWritePossible();

        assertThat(written.toString(StandardCharsets.US_ASCII)).isEqualTo("zzzzz");
        assertThat(sink.isClosed()).isTrue();
        assertThat(completions).hasValue(1);
    }

    @Test
    void theBrowserGoingAwayLeavesTheSessionEvenWhenItLeftBeforeTheSinkJoinedOne() throws Exception {
        ServletSink sink = new ServletSink(async, 1024);
        listeners.get(0).onError(null);
        AtomicInteger left = new AtomicInteger();

        sink.onClose(left::incrementAndGet);

        assertThat(left).hasValue(1);
    }
}
