package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An upstream that ended because Dock was unreachable for a while (the core's stream and long-poll
 * fallback gave up: relay-error "unavailable") was remembered like a terminal state for
 * endedRetention (5 minutes by default, a whole session lifetime): a browser that opened the page
 * again 30 s later, Dock long since back, was handed the stale error and no upstream was opened, so
 * the still-pending session could not be followed through the relay again. (Found by an outside
 * review.)
 */
class RelayTransientFailureTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final Pattern ID = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);

    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();
    private final RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler,
            Duration.ofSeconds(15), Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);

    @Test
    void aTransientUpstreamFailureIsNotServedToANewBrowserInsteadOfFollowingTheSessionAgain() {
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);
        TestSink first = new TestSink();
        assertThat(relay.subscribe("vsn_A1b2C3d4E5f6G7h8J9k0L1", null, first)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened.get()).isEqualTo(1);

        // Dock unreachable: the upstream wait gives up
        streams.listeners.get(0).onError(new TransportException(Service.DOCK, "dock: connection refused", null, null));
        streams.listeners.get(0).onClosed();
        assertThat(String.join("", first.frames)).contains("relay-error", "unavailable");

        scheduler.advance(Duration.ofSeconds(30)); // Dock is back; the user reloads the page
        TestSink reload = new TestSink();
        RelayRegistry.Admission admission = relay.subscribe("vsn_A1b2C3d4E5f6G7h8J9k0L1", null, reload);

        assertThat(admission).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened.get())
                .as("upstreams opened; the reloaded page was sent instead: %s", reload.frames)
                .isEqualTo(2);
    }

    /**
     * A browser that had the pending state, then a passing {@code relay-error} ("unavailable", not
     * kept), reconnected (as EventSource does, after {@code retry:}) with the error's id as its
     * {@code Last-Event-ID}: that id ({@code e-unavailable}) matched no state, and the new upstream's
     * pending state was sent again, though the README says a reconnecting browser "gets only the
     * states it has not seen".
     */
    @Test
    void aBrowserReconnectingAfterAPassingRelayErrorIsNotSentTheStateItHadAgain() {
        TestSink browser = new TestSink();
        relay.subscribe(SESSION, null, browser);
        upstream(0).onSession(session("pending"));
        unreachable(upstream(0));
        assertThat(sessionFrames(browser)).hasSize(1);
        assertThat(String.join("", browser.frames)).contains("relay-error");

        TestSink reconnected = reconnect(browser);
        upstream(1).onSession(session("pending")); // the new upstream's first event: the same state

        assertThat(sessionFrames(reconnected))
                .as("sessions sent to the browser reconnecting with Last-Event-ID %s, which had the pending state",
                        lastEventId(browser))
                .isEmpty();
        upstream(1).onSession(session("completed"));
        assertThat(sessionFrames(reconnected)).singleElement().asString().contains("\"status\":\"completed\"");
    }

    /** Dock out of reach for longer: the reopened upstream failed too, before any state; the next reconnect still knew the browser's state. */
    @Test
    void aBrowserReconnectingAfterPassingRelayErrorsInARowIsNotSentTheStateItHadAgain() {
        TestSink browser = new TestSink();
        relay.subscribe(SESSION, null, browser);
        upstream(0).onSession(session("pending"));
        unreachable(upstream(0));
        TestSink again = reconnect(browser);
        unreachable(upstream(1)); // no state from it

        TestSink third = reconnect(again);
        upstream(2).onSession(session("pending"));

        assertThat(lastEventId(again)).as("the second error's id").isEqualTo(lastEventId(browser));
        assertThat(sessionFrames(third)).isEmpty();
    }

    /** An id made up to look like a passing error's, or naming no state, is handled as any unknown id: the latest state is sent. */
    @Test
    void aForgedOrUnknownLastEventIdStillGetsTheLatestState() {
        TestSink first = new TestSink();
        relay.subscribe(SESSION, null, first);
        upstream(0).onSession(session("pending"));
        for (String forged : List.of("e-unavailable.s-000000000000000000000000", "e-unavailable.junk",
                "e-unavailable.", "e-unavailable", "x.s-000000000000000000000000")) {
            TestSink browser = new TestSink();
            assertThat(relay.subscribe(SESSION, forged, browser)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
            assertThat(sessionFrames(browser)).as("sent to a browser reconnecting with %s", forged).hasSize(1);
        }
    }

    /** A lasting end keeps its bare id: a browser that saw it is answered 204 (NOTHING_MORE), which stops EventSource. */
    @Test
    void aLastingEndKeepsItsIdForThe204() {
        TestSink browser = new TestSink();
        relay.subscribe(SESSION, null, browser);
        upstream(0).onSession(session("pending"));
        upstream(0).onError(new PollCapException(Service.DOCK, 60, 60));
        upstream(0).onClosed();

        assertThat(lastEventId(browser)).isEqualTo("e-poll_cap");
        assertThat(relay.subscribe(SESSION, lastEventId(browser), new TestSink()))
                .isEqualTo(RelayRegistry.Admission.NOTHING_MORE);
    }

    private SessionListener upstream(int index) {
        return streams.listeners.get(index);
    }

    /** Dock out of reach: the upstream gives up ("unavailable", not kept). */
    private static void unreachable(SessionListener upstream) {
        upstream.onError(new TransportException(Service.DOCK, "dock: connection refused", null, null));
        upstream.onClosed();
    }

    /** What EventSource does after {@code retry:}: opens the stream again with the last id it was sent. */
    private TestSink reconnect(TestSink browser) {
        scheduler.advance(Duration.ofSeconds(3));
        TestSink reconnected = new TestSink();
        assertThat(relay.subscribe(SESSION, lastEventId(browser), reconnected))
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        return reconnected;
    }

    private static List<String> sessionFrames(TestSink browser) {
        return browser.frames.stream().filter(f -> f.startsWith("event: session")).toList();
    }

    /** The id of the last frame that carried one, as EventSource keeps it. */
    private static String lastEventId(TestSink browser) {
        String last = null;
        for (String frame : browser.frames) {
            Matcher id = ID.matcher(frame);
            while (id.find()) {
                last = id.group(1);
            }
        }
        return last;
    }

    private static DockSession session(String status) {
        return DockSession.builder().id(SESSION).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, status)).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();
    }
}
