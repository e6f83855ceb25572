package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.LinkResult;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.servlet.internal.RelayRegistry;
import dev.verifykit.servlet.internal.ServletSink;
import dev.verifykit.servlet.internal.SessionFrames;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One browser's connection, with a connection that takes bytes only when the test says so: frames
 * queue within the bound, are written and flushed when the connection is ready, and a browser that
 * falls further behind than the bound is disconnected (once, leaving its session), as is one that
 * stopped reading when the relay closes or a keep-alive period after its session's end; a state
 * larger than the bound still reaches a browser that reads.
 */
class ServletSinkTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
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
                case "getRequest" -> null;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final AtomicBoolean upstreamOpen = new AtomicBoolean();
    private final AtomicReference<SessionListener> upstream = new AtomicReference<>();
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));

    /** Upstreams that only say whether one is open, and keep its listener. */
    private final SessionStreams streams = new SessionStreams() {
        @Override
        public SessionStream open(String id, SessionListener listener, WaitOptions options) {
            upstreamOpen.set(true);
            upstream.set(listener);
            return new SessionStream() {
                @Override
                public String sessionId() {
                    return id;
                }

                @Override
                public boolean isOpen() {
                    return upstreamOpen.get();
                }

                @Override
                public void close() {
                    if (upstreamOpen.getAndSet(false)) {
                        listener.onClosed();
                    }
                }
            };
        }

        @Override
        public CompletableFuture<DockSession> awaitCompletionAsync(String id, WaitOptions options) {
            throw new AssertionError("not a wait");
        }

        @Override
        public DockSession awaitCompletion(String id, WaitOptions options) {
            throw new AssertionError("not a wait");
        }
    };

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

    @Test
    void aBrowserGoneBeforeItSubscribedIsNotKeptAndOpensNoUpstream() throws Exception {
        // the registry asked the sink to tell it of the close before joining: told at once, it left
        // nothing, then joined a browser that would never be written to, keeping the upstream open
        RelayRegistry registry = new RelayRegistry(streams, WaitOptions.defaults(), Scheduler.system(),
                Duration.ofSeconds(15), Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 100, 8, 100, 256 * 1024, 64L << 20);
        try {
            ServletSink sink = new ServletSink(async, 1024);
            listeners.get(0).onError(null); // the container tells the browser is gone

            registry.subscribe(SESSION, null, sink);

            assertThat(registry.browsers()).isZero();
            assertThat(upstreamOpen).as("an upstream open for nobody").isFalse();
        } finally {
            registry.close();
        }
    }

    // A browser that stopped reading (its connection takes no more bytes, the container's async
    // timeout is 0) is still ended: it used to be only finished (ended after its queue is written,
    // which never happens for it), so its request stayed open, unseen, holding its queue and a
    // container's graceful shutdown.
    @Test
    void closingTheRelayEndsTheStreamOfABrowserThatStoppedReading() throws Exception {
        DockRelay relay = relay();
        ServletSink browser = stalledBrowser(relay);

        relay.close();

        assertThat(upstreamOpen).isFalse();
        assertThat(relay.browsers()).isZero();
        assertThat(browser.isClosed()).as("the stalled browser's stream ended by close()").isTrue();
        assertThat(completions).as("AsyncContext.complete() calls").hasValue(1);
    }

    @Test
    void aBrowserThatStoppedReadingIsDisconnectedAKeepAlivePeriodAfterItsSessionEnded() throws Exception {
        DockRelay relay = relay();
        ServletSink browser = stalledBrowser(relay);
        DockSession completed = DockSession.builder().id(SESSION).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "completed")).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();

        upstream.get().onSession(completed);
        upstream.get().onTerminal(completed);
        time.advance(relay.settings().keepAlive().minusMillis(1));
        assertThat(browser.isClosed()).as("before a keep-alive period passed").isFalse();
        time.advance(Duration.ofMillis(1));

        assertThat(browser.isClosed()).as("the stalled browser's stream, a keep-alive period after the end").isTrue();
        assertThat(completions).hasValue(1);
        relay.close();
    }

    /**
     * A state larger than {@code maxBufferedBytes} (1 KiB, its least: a completed session with Dock's
     * longest client id, 128 non-Latin characters, and a guild, 1,084 bytes) "overflowed" the empty
     * queue of a browser that reads everything ({@code offer} refused any frame taking the queue past
     * the bound): the queue was dropped and the browser disconnected before a byte of the state was
     * written. It reconnected, was answered the kept end (the same frame), overflowed again, and so on
     * until the end was forgotten: it never learned the session completed, though it never fell behind.
     */
    @Test
    void aReadingBrowserIsSentAStateLargerThanItsBound() throws Exception {
        DockRelay relay = relay();
        ready.set(true);
        ServletSink browser = new ServletSink(async, relay.settings().maxBufferedBytes());
        assertThat(relay.registry().subscribe(SESSION, null, browser)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        browser.start();
        DockSession completed = largeCompleted();
        int frame = SessionFrames.session(completed).bytes().length;
        assertThat(frame).isGreaterThan(relay.settings().maxBufferedBytes());

        upstream.get().onSession(completed);
        upstream.get().onTerminal(completed);

        assertThat(written.toString(StandardCharsets.UTF_8)).as("what a reading browser got of a %d-byte state", frame)
                .contains("\"status\":\"completed\"");
        relay.close();
    }

    /**
     * A browser reconnecting after the session's end with the pending state's id is queued the
     * {@code retry:} field and the kept end before its stream starts; with the end over the bound,
     * that "overflowed" too, and every reconnect was disconnected before a byte was written.
     */
    @Test
    void aBrowserReconnectingAfterTheEndIsSentAStateLargerThanItsBound() throws Exception {
        DockRelay relay = relay();
        ready.set(true);
        ServletSink first = new ServletSink(async, relay.settings().maxBufferedBytes());
        relay.registry().subscribe(SESSION, null, first);
        first.start();
        DockSession completed = largeCompleted();
        DockSession pending = DockSession.builder().id(SESSION).pid("PID-ABC12345").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "pending")).expiresAt(completed.expiresAt())
                .verifyUrl(completed.verifyUrl()).build();
        upstream.get().onSession(pending);
        upstream.get().onSession(completed);
        upstream.get().onTerminal(completed);
        written.reset();

        ServletSink reload = new ServletSink(async, relay.settings().maxBufferedBytes());
        assertThat(relay.registry().subscribe(SESSION, SessionFrames.session(pending).id(), reload))
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        reload.start();

        assertThat(written.toString(StandardCharsets.UTF_8)).as("what a browser reconnecting after the end got")
                .contains("\"status\":\"completed\"");
        assertThat(reload.isClosed()).as("the reconnected browser's stream, finished after the end").isTrue();
        relay.close();
    }

    /** A completed session over 1 KiB as a frame: Dock's longest client id (128 non-Latin characters), a guild, a result. */
    private static DockSession largeCompleted() {
        return DockSession.builder().id(SESSION).pid("PID-ABC12345").clientId("用".repeat(128))
                .guildId("987654321098765432").status(OpenEnum.of(DockSessionStatus.class, "completed"))
                .expiresAt(Instant.parse("2026-01-01T00:05:00Z")).createdAt(Instant.parse("2026-01-01T00:00:00Z"))
                .terminalAt(Instant.parse("2026-01-01T00:01:12Z"))
                .verifyUrl("https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=" + SESSION)
                .result(LinkResult.builder().discordId("123456789012345678").robloxId("156319135")
                        .verifiedAt(Instant.parse("2026-01-01T00:01:12Z")).linkChanged(false).linkVersion(1)
                        .linkHash("sha256-" + "0".repeat(64)).build())
                .build();
    }

    private DockRelay relay() {
        return DockRelay.create(streams, RelaySettings.builder().maxBufferedBytes(1024).scheduler(time).build());
    }

    /** A browser subscribed, written to, then no longer reading: the container has a write pending. */
    private ServletSink stalledBrowser(DockRelay relay) throws Exception {
        ServletSink browser = new ServletSink(async, relay.settings().maxBufferedBytes());
        assertThat(relay.registry().subscribe(SESSION, null, browser)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        ready.set(true);
        browser.start(); // retry: written
        ready.set(false);
        browser.offer(SessionFrames.KEEP_ALIVE); // as the hub's next keep-alive does
        browser.drain();
        assertThat(browser.isClosed()).isFalse();
        return browser;
    }

    /**
     * A queue may hold exactly {@code maxBufferedBytes}, and what was written no longer counts against
     * the bound (found by mutation testing, as the next).
     */
    @Test
    void aQueueMayHoldExactlyTheBoundAndWhatWasWrittenNoLongerCounts() throws Exception {
        ServletSink sink = new ServletSink(async, 100);
        sink.start();
        sink.offer(new byte[60]);
        sink.offer(new byte[40]); // exactly the bound
        sink.drain();
        assertThat(sink.isClosed()).as("a queue holding exactly maxBufferedBytes").isFalse();

        ready.set(true);
        sink.drain(); // all written
        ready.set(false);
        assertThat(written.size()).isEqualTo(100);

        sink.offer(new byte[50]);
        sink.offer(new byte[50]);
        sink.drain();
        assertThat(sink.isClosed()).as("written bytes counted against the bound").isFalse();

        ready.set(true);
        sink.drain();
        assertThat(written.size()).isEqualTo(200);
    }

    /** The container reporting the browser gone (an error, the request's end or timeout) ends the stream, its close action run once. */
    @Test
    void theContainerReportingAnErrorOrTheEndClosesTheStreamOnce() throws Exception {
        interface End {
            void tell(ServletSink sink) throws Exception;
        }
        Map<String, End> ends = new LinkedHashMap<>();
        ends.put("the container's error", sink -> sink.onError(new AsyncEvent(async, new IOException("reset"))));
        ends.put("the request's end", sink -> sink.onComplete(new AsyncEvent(async)));
        ends.put("the request's timeout", sink -> sink.onTimeout(new AsyncEvent(async)));
        ends.put("a failed write, told to the write listener", sink -> sink.onError(new IOException("broken pipe")));
        for (Map.Entry<String, End> end : ends.entrySet()) {
            ServletSink sink = new ServletSink(async, 100);
            AtomicInteger left = new AtomicInteger();
            sink.onClose(left::incrementAndGet);
            sink.start();

            end.getValue().tell(sink);

            assertThat(sink.isClosed()).as(end.getKey()).isTrue();
            assertThat(left).as(end.getKey()).hasValue(1);
        }
    }
}
