package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.NotFoundException;
import dev.verifykit.error.Service;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Promises of the relay (DockRelay's and RelayRegistry's Javadoc, README's relay section, RELIABILITY's
 * DockRelay rows) no test held, found by mutation testing: a closed relay refuses browsers, sessions are
 * bounded at {@code maxSessions}, an end of exactly {@code maxEndedBytes} is kept, keep-alives and a
 * {@code relay-error} are written out (not only queued), and a browser's wait for its session's ending
 * upstream, and the relay's close, are bounded. Each step on the test's thread, but for an upstream's
 * close held on a thread of its own by a latch; the 30-s limits are hang guards.
 */
class RelayBoundsAndWritesTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    private RelayRegistry relay(int maxSessions, long maxEndedBytes) {
        return new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15), Duration.ofSeconds(3),
                maxSessions, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, maxEndedBytes);
    }

    private static DockSession state(String id, String status) {
        return DockSession.builder().id(id).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, status)).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();
    }

    @Test
    void aClosedRelayRefusesABrowserAndOpensNothing() {
        RelayRegistry relay = relay(10, 64L << 20);
        relay.close();

        TestSink late = new TestSink();
        assertThat(relay.subscribe(SESSION, null, late)).isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        assertThat(streams.opened).as("upstreams opened").hasValue(0);
        assertThat(late.frames).isEmpty();
        assertThat(relay.browsers()).isZero();
    }

    @Test
    void sessionsAreBoundedAtMaxSessions() {
        RelayRegistry relay = relay(2, 64L << 20);
        assertThat(relay.subscribe("vsn_1", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(relay.subscribe("vsn_2", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);

        assertThat(relay.subscribe("vsn_3", null, new TestSink())).as("a third session of at most two")
                .isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        assertThat(relay.upstreams()).isEqualTo(2);
        assertThat(streams.opened).as("upstreams: none for the refused session").hasValue(2);
        relay.close();
    }

    @Test
    void anEndOfExactlyMaxEndedBytesIsKept() {
        DockSession done = state(SESSION, "completed");
        RelayRegistry relay = relay(10, SessionFrames.session(done).bytes().length);
        relay.subscribe(SESSION, null, new TestSink());
        streams.listeners.get(0).onSession(done);
        streams.listeners.get(0).onTerminal(done);

        TestSink late = new TestSink();
        assertThat(relay.subscribe(SESSION, null, late)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened).as("the end is sent as kept, without a new upstream").hasValue(1);
        assertThat(String.join("", late.frames)).contains("\"status\":\"completed\"");
        relay.close();
    }

    @Test
    void keepAlivesAreWrittenOutToEveryBrowserEachPeriod() {
        RelayRegistry relay = relay(10, 64L << 20);
        WrittenSink one = new WrittenSink();
        WrittenSink two = new WrittenSink();
        relay.subscribe(SESSION, null, one);
        relay.subscribe(SESSION, null, two);

        scheduler.advance(Duration.ofSeconds(15));
        assertThat(one.written).containsExactly("retry: 3000\n\n", ": keep-alive\n\n");
        assertThat(two.written).containsExactly("retry: 3000\n\n", ": keep-alive\n\n");

        scheduler.advance(Duration.ofSeconds(15));
        assertThat(one.written).as("the next period's").containsExactly("retry: 3000\n\n", ": keep-alive\n\n", ": keep-alive\n\n");
        relay.close();
    }

    @Test
    void anUpstreamsRelayErrorIsWrittenOutAndTheStreamFinishesAfterIt() {
        RelayRegistry relay = relay(10, 64L << 20);
        WrittenSink browser = new WrittenSink();
        relay.subscribe(SESSION, null, browser);
        SessionListener upstream = streams.listeners.get(0);

        upstream.onError(new NotFoundException(ApiError.of(Service.DOCK, 404, "SESSION_NOT_FOUND", null)));
        upstream.onClosed();

        assertThat(browser.queued).as("left unwritten").isEmpty();
        assertThat(String.join("", browser.written)).contains("event: relay-error", "\"error\":\"not_found\"");
        assertThat(browser.finished).isTrue();
        relay.close();
    }

    /**
     * A browser arriving while its session's upstream is being closed (its last browser left) waits at
     * most the registry's wait for it, then is answered 503; the relay's close waits at most as long in
     * all for it. The upstream's close is held, on the leaving browser's thread, until the end.
     */
    @Test
    void theWaitsForAnUpstreamStuckClosingAreBounded() throws Exception {
        CountDownLatch closing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        streams.beforeClose = number -> {
            closing.countDown();
            try {
                release.await(2, TimeUnit.MINUTES); // released at the end of the test: a hang guard
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        RelayRegistry relay = relay(10, 64L << 20);
        TestSink leaving = new TestSink();
        relay.subscribe(SESSION, null, leaving);
        Thread leaver = new Thread(leaving::close, "leaving-browser");
        leaver.start();
        try {
            assertThat(closing.await(30, TimeUnit.SECONDS)).as("the upstream's close began").isTrue();
            relay.hubEndWait(Duration.ZERO);

            RelayRegistry.Admission arriving = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> relay.subscribe(SESSION, null, new TestSink()), "a browser waiting for the ending upstream");
            assertThat(arriving).isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
            assertTimeoutPreemptively(Duration.ofSeconds(30), relay::close, "the relay's close");
            assertThat(relay.upstreams()).as("the one still closing").isEqualTo(1);
        } finally {
            release.countDown();
            leaver.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(relay.upstreams()).isZero();
        assertThat(streams.openNow).hasValue(0);
    }

    /**
     * An interrupt does not cut the wait for a hub short, and is kept for the caller (RelayHub.awaitGone);
     * a hub not gone is waited for no longer than asked. On a thread of the guard's, which is interrupted.
     */
    @Test
    void waitingForAnEndingHubKeepsTheCallersInterrupt() {
        RelayHub hub = new RelayHub(relay(10, 64L << 20), SESSION);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Thread.currentThread().interrupt();
            try {
                assertThat(hub.awaitGone(0, TimeUnit.NANOSECONDS)).as("a hub not gone").isFalse();
                assertThat(Thread.currentThread().isInterrupted()).as("the interrupt kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(hub.awaitGone(0, TimeUnit.NANOSECONDS)).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).as("no interrupt made up").isFalse();
        }, "a wait of none for a hub not gone");
        hub.gone();
        assertThat(hub.awaitGone(0, TimeUnit.NANOSECONDS)).isTrue();
    }
}
