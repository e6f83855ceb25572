package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * README (relay): browsers are bounded by {@code maxBrowsers} "in all (4000, counting those still
 * reading a kept end)"; {@code RelaySettings.maxBrowsers}: "The most browsers connected at once over
 * all sessions ... With maxBufferedBytes it bounds what the relay holds for browsers";
 * {@code DockRelay.browsers()}: "Browsers connected now". A browser still reading its live session's
 * end (a keep-alive period at most, queue and connection held) stops being counted the moment the
 * session ends, while one reading a kept end is counted until it has read it: a relay bounded to
 * one browser then holds two connections, and says it holds none (found by an outside review). Both
 * are counted now until they have read the end or are disconnected.
 */
class RelayEndedSessionBrowsersBoundTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();
    /** At most one browser in all. */
    private final RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler,
            Duration.ofSeconds(15), Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 1, 256 * 1024, 64L << 20);

    @Test
    void aBrowserStillReadingItsSessionsEndCountsAgainstMaxBrowsers() {
        TestSink reading = new TestSink(); // never reads: its stream is only finished, not closed
        assertThat(relay.subscribe("vsn_A", null, reading)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        SessionListener upstream = streams.listeners.get(0);
        DockSession completed = DockSession.builder().id("vsn_A").pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "completed"))
                .expiresAt(Instant.parse("2026-01-01T00:05:00Z")).verifyUrl("https://example.test/verify").build();
        upstream.onSession(completed);
        upstream.onTerminal(completed);
        scheduler.advance(Duration.ofSeconds(1)); // within the keep-alive period its end is left to be read

        assertThat(reading.isClosed()).as("the first browser is still connected, reading the end").isFalse();
        assertThat(relay.browsers()).as("browsers connected").isEqualTo(1);
        assertThat(relay.subscribe("vsn_B", null, new TestSink())).as("a second browser, with maxBrowsers 1")
                .isEqualTo(RelayRegistry.Admission.UNAVAILABLE);

        scheduler.advance(Duration.ofSeconds(15)); // a keep-alive period after the end: disconnected
        assertThat(reading.isClosed()).isTrue();
        assertThat(relay.browsers()).as("counted out once disconnected").isZero();
        assertThat(relay.subscribe("vsn_B", null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        relay.close();
    }

    /** The same bound for a browser sent the kept end of that session: counted (today's fix), as a contrast. */
    @Test
    void aBrowserReadingAKeptEndCounts() {
        TestSink first = new TestSink();
        relay.subscribe("vsn_A", null, first);
        SessionListener upstream = streams.listeners.get(0);
        DockSession completed = DockSession.builder().id("vsn_A").pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "completed"))
                .expiresAt(Instant.parse("2026-01-01T00:05:00Z")).verifyUrl("https://example.test/verify").build();
        upstream.onSession(completed);
        upstream.onTerminal(completed);
        first.close(); // read it and left

        TestSink late = new TestSink();
        assertThat(relay.subscribe("vsn_A", null, late)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(relay.browsers()).isEqualTo(1);
        assertThat(relay.subscribe("vsn_B", null, new TestSink())).isEqualTo(RelayRegistry.Admission.UNAVAILABLE);
        relay.close();
    }
}
