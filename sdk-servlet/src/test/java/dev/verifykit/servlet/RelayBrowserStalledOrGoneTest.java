package dev.verifykit.servlet;

import static dev.verifykit.testing.Await.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.servlet.internal.CountingStreams;
import dev.verifykit.time.VirtualScheduler;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README (relay): "Each browser has a bounded queue ({@code RelaySettings.maxBufferedBytes}): one that
 * stops reading is disconnected", and "All browsers on one session share one upstream ... closed when
 * the last one leaves". In a real Jetty, a browser that sends its request and never reads fills the
 * connection (the socket's buffers, then the container's), then its queue: it is disconnected and
 * counted out, while the other browser of the session, reading, goes on getting every state from the
 * same upstream. The states are told by the test (the upstream's listener) and the keep-alive timer is
 * virtual, never advanced: only states are written, and the test waits for each to reach the reading
 * browser before telling the next, so that browser never falls behind. And a browser that goes away
 * ("found by a keep-alive", README) leaves nothing behind: not counted, its session's upstream closed,
 * no keep-alive timer left on the scheduler.
 */
class RelayBrowserStalledOrGoneTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final int STATE_BYTES = 32 * 1024;
    /**
     * A hang guard, not a figure: 64 MiB, far more than the socket buffers (at most 4 MiB each way on
     * Linux's defaults, with 4 KiB asked of the reader) and the container's hold; the browser that never
     * reads was counted out after 87 states here.
     */
    private static final int MOST_STATES = 2_000;

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();
    private DockRelay relay;
    private Container container;
    private Socket stalled;
    private SseClient reading;

    @AfterEach
    void stop() throws Exception {
        DockFixture.closeAll(stalled, reading, relay, container);
    }

    @Test
    void aBrowserThatNeverReadsIsDisconnectedAndCountedOutWhileTheSessionsOtherBrowserGoesOn() throws Exception {
        relay = DockRelay.create(streams, RelaySettings.builder().maxBufferedBytes(1024).scheduler(time).build());
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (r, id) -> true)));
        String path = "/verifykit/dock/sessions/" + SESSION + "/events";

        stalled = new Socket();
        stalled.setReceiveBufferSize(4096); // before connecting: the window it offers stays small
        stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), container.port()));
        stalled.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        stalled.getOutputStream().flush();
        awaitTrue(() -> time.pendingTasks() == 1); // its session's upstream opened, then its keep-alive set
        reading = SseClient.open(container.port(), path, null);
        awaitTrue(() -> relay.browsers() == 2);
        assertThat(streams.listeners).as("one upstream for both browsers").hasSize(1);
        SessionListener upstream = streams.listeners.get(0);

        int told = 0;
        while (relay.browsers() == 2 && told < MOST_STATES) {
            told++;
            upstream.onSession(pending(told));
            assertThat(reading.next().data()).contains("\"n\":\"" + told + "\"");
        }

        assertThat(relay.browsers()).as("the browser that never read, after %d states of %d bytes", told, STATE_BYTES)
                .isEqualTo(1);
        assertThat(reading.hasEnded()).as("the reading browser's stream goes on").isFalse();
        assertThat(streams.openNow).as("the upstream, still the reading browser's").hasValue(1);
        assertThat(relay.upstreams()).isEqualTo(1);

        // the reading browser is still sent every state, from the same upstream
        upstream.onSession(pending(told + 1));
        assertThat(reading.next().data()).contains("\"n\":\"" + (told + 1) + "\"");
        assertThat(streams.opened).hasValue(1);

        // the browser that never read finds its connection ended once it reads what was sent before
        stalled.setSoTimeout(60_000);
        try (InputStream in = stalled.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // what the connection held
            }
        } catch (SocketException reset) {
            // ended by a reset: ended all the same
        }
    }

    @Test
    void theLastBrowserGoingAwayIsFoundByAKeepAliveAndLeavesNoUpstreamOrTimerBehind() throws Exception {
        relay = DockRelay.create(streams, RelaySettings.builder().scheduler(time).build());
        container = Container.start(c -> c.map("/verifykit/dock/sessions/*", new DockRelayServlet(relay, (r, id) -> true)));
        reading = SseClient.open(container.port(), "/verifykit/dock/sessions/" + SESSION + "/events", null);
        awaitTrue(() -> time.pendingTasks() == 1); // its session's upstream opened, then its keep-alive set
        assertThat(relay.browsers()).isOne();
        streams.listeners.get(0).onSession(pending(1));
        reading.next();

        reading.close();
        awaitTrue(() -> {
            if (relay.browsers() == 0) {
                return true; // looked at before the clock moves again: a timer left behind would still be pending
            }
            time.advance(relay.settings().keepAlive()); // a keep-alive written to the connection gone
            return false;
        });

        awaitTrue(() -> relay.upstreams() == 0);
        assertThat(streams.openNow).as("the session's upstream, closed").hasValue(0);
        assertThat(streams.opened).hasValue(1);
        assertThat(time.pendingTasks()).as("timers left on the scheduler").isZero();
    }

    /** A pending state of about {@link #STATE_BYTES}, distinct for each {@code n} (so each is relayed). */
    private static DockSession pending(int n) {
        return DockSession.builder().id(SESSION).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "pending")).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").putAdditionalProperties("n", String.valueOf(n))
                .putAdditionalProperties("padding", "x".repeat(STATE_BYTES)).build();
    }
}
