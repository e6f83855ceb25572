package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.servlet.internal.CountingStreams;
import dev.verifykit.servlet.internal.RelayRegistry;
import dev.verifykit.servlet.internal.ServletSink;
import dev.verifykit.servlet.internal.SessionFrames;
import dev.verifykit.time.VirtualScheduler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * README (relay): "Each browser has a bounded queue ...: one that stops reading is disconnected, and
 * so is one that has not read a session's end a keep-alive period after it"; DockRelay: browsers are
 * bounded by maxBrowsers. A browser that arrives after the session's end, and is answered the end the
 * relay kept (RelayRegistry.subscribe's ended path), is only finished: no timer disconnects it when it
 * does not read, and it counts nowhere. With the container's async timeout at 0, its request stays
 * open for good. Now it is counted among the relay's browsers until it has read the end, is
 * disconnected a keep-alive period after it as a live session's browsers are, and is ended by the
 * relay's close.
 */
class RelayKeptEndStalledBrowserTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    /** The listener of the session's upstream (each test relays one session). */
    private SessionListener upstream() {
        return streams.listeners.get(streams.listeners.size() - 1);
    }

    /** One browser connection: its container takes bytes only while {@code ready}. */
    private static final class Browser {
        final AtomicBoolean ready = new AtomicBoolean();
        final AtomicInteger completions = new AtomicInteger();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final ServletOutputStream out = new ServletOutputStream() {
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
        final AsyncContext async = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getResponse" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServletResponse.class}, (p, m, a) -> {
                                if (m.getName().equals("getOutputStream")) {
                                    return out;
                                }
                                throw new UnsupportedOperationException(m.getName());
                            });
                    case "addListener" -> {
                        AsyncListener ignored = (AsyncListener) args[0];
                        yield null;
                    }
                    case "complete" -> {
                        completions.incrementAndGet();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aBrowserAnsweredTheKeptEndThatDoesNotReadIsDisconnectedAKeepAlivePeriodLater() throws Exception {
        DockRelay relay = DockRelay.create(streams, RelaySettings.builder().maxBufferedBytes(1024).scheduler(time).build());
        try {
            // the first browser reads the session to its end, which the relay keeps
            Browser first = new Browser();
            first.ready.set(true);
            ServletSink firstSink = new ServletSink(first.async, relay.settings().maxBufferedBytes());
            assertThat(relay.registry().subscribe(SESSION, null, firstSink)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
            firstSink.start();
            DockSession pending = state("pending");
            DockSession completed = state("completed");
            upstream().onSession(pending);
            upstream().onSession(completed);
            upstream().onTerminal(completed);
            assertThat(firstSink.isClosed()).as("the reading browser, finished after the end").isTrue();

            // a tab reconnecting with the pending state's id is answered the kept end, and does not read it
            Browser late = new Browser();
            ServletSink lateSink = new ServletSink(late.async, relay.settings().maxBufferedBytes());
            assertThat(relay.registry().subscribe(SESSION, SessionFrames.session(pending).id(), lateSink))
                    .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
            lateSink.start(); // nothing written: the connection takes no bytes
            assertThat(relay.browsers()).as("the browser still reading the end, counted").isEqualTo(1);

            time.advance(relay.settings().keepAlive().multipliedBy(4));
            assertThat(relay.browsers()).as("counted no more once disconnected").isZero();

            assertThat(lateSink.isClosed())
                    .as("a browser sent the kept end that has not read it %s later (browsers counted: %d)",
                            relay.settings().keepAlive().multipliedBy(4), relay.browsers())
                    .isTrue();
        } finally {
            relay.close();
        }
    }

    /** The relay's close ends such a browser at once, as it ends the live sessions' browsers. */
    @Test
    void closingTheRelayEndsABrowserStillReadingAKeptEnd() throws Exception {
        DockRelay relay = DockRelay.create(streams, RelaySettings.builder().maxBufferedBytes(1024).scheduler(time).build());
        ServletSink lateSink;
        try {
            Browser first = new Browser();
            first.ready.set(true);
            ServletSink firstSink = new ServletSink(first.async, relay.settings().maxBufferedBytes());
            relay.registry().subscribe(SESSION, null, firstSink);
            firstSink.start();
            DockSession completed = state("completed");
            upstream().onSession(completed);
            upstream().onTerminal(completed);

            lateSink = new ServletSink(new Browser().async, relay.settings().maxBufferedBytes());
            assertThat(relay.registry().subscribe(SESSION, null, lateSink)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
            lateSink.start();
            assertThat(lateSink.isClosed()).as("not read yet").isFalse();
        } finally {
            relay.close();
        }

        assertThat(lateSink.isClosed()).as("ended by the relay's close").isTrue();
        assertThat(relay.browsers()).isZero();
    }

    /** Browsers sent a kept end count against maxBrowsers like any other. */
    @Test
    void aKeptEndIsRefusedWhenTheRelayHasAsManyBrowsersAsAllowed() throws Exception {
        DockRelay relay = DockRelay.create(streams, RelaySettings.builder().maxBufferedBytes(1024).maxBrowsers(1)
                .scheduler(time).build());
        try {
            Browser first = new Browser();
            first.ready.set(true);
            ServletSink firstSink = new ServletSink(first.async, relay.settings().maxBufferedBytes());
            relay.registry().subscribe(SESSION, null, firstSink);
            firstSink.start();
            DockSession completed = state("completed");
            upstream().onSession(completed);
            upstream().onTerminal(completed);
            ServletSink stalled = new ServletSink(new Browser().async, relay.settings().maxBufferedBytes());
            assertThat(relay.registry().subscribe(SESSION, null, stalled)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
            stalled.start();

            assertThat(relay.registry().subscribe(SESSION, null, new ServletSink(new Browser().async,
                    relay.settings().maxBufferedBytes()))).as("a second browser while one is counted, of one allowed")
                    .isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        } finally {
            relay.close();
        }
    }

    private static DockSession state(String status) {
        return DockSession.builder().id(SESSION).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, status)).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();
    }
}
