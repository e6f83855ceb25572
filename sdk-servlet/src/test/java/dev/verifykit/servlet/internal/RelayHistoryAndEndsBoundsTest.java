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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edges of the relay's promises (README's relay section, the registry's and hub's comments) no test
 * held, found by mutation testing: a browser reconnecting with an older state's id gets every state
 * after it; the states kept are the latest and older ones that fit with it in the bound, exactly
 * filling it included, and the latest whatever its size; the ends kept are bounded by their number
 * and bytes, an end that exactly fits kept, and an expired end gives its bytes back; a browser sent a
 * kept end gets {@code retry:} and, once it has read it, no longer counts among the relay's browsers;
 * every state is written out as it comes and a browser's stream finishes after the terminal state.
 */
class RelayHistoryAndEndsBoundsTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    private RelayRegistry relay(int maxEnded, int maxBrowsers, int maxHistoryBytes, long maxEndedBytes) {
        return new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15), Duration.ofSeconds(3),
                10, Duration.ofMinutes(5), maxEnded, 8, maxBrowsers, maxHistoryBytes, maxEndedBytes);
    }

    private static DockSession state(String id, String status, String note) {
        return DockSession.builder().id(id).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, status)).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").putAdditionalProperties("note", note).build();
    }

    private static int bytes(DockSession session) {
        return SessionFrames.session(session).bytes().length;
    }

    private static String sent(TestSink sink) {
        return String.join("", sink.frames);
    }

    @Test
    void aBrowserReconnectingWithAnOlderStatesIdGetsEveryStateAfterIt() {
        RelayRegistry relay = relay(10, 100, 256 * 1024, 64L << 20);
        relay.subscribe(SESSION, null, new TestSink());
        SessionListener upstream = streams.listeners.get(0);
        for (String note : List.of("a", "b", "c")) {
            upstream.onSession(state(SESSION, "pending", note));
        }

        TestSink reconnected = new TestSink();
        relay.subscribe(SESSION, SessionFrames.session(state(SESSION, "pending", "a")).id(), reconnected);

        assertThat(sent(reconnected)).doesNotContain("\"note\":\"a\"").contains("\"note\":\"b\"", "\"note\":\"c\"");
        relay.close();
    }

    @Test
    void theStatesKeptFillTheBoundExactlyAndTheLatestIsKeptWhateverItsSize() {
        List<DockSession> states = new ArrayList<>();
        for (String note : List.of("a", "b", "c", "d")) {
            states.add(state(SESSION, "pending", note));
        }
        // the last three fill the bound exactly: the first goes, the other three stay
        RelayRegistry relay = relay(10, 100, bytes(states.get(1)) + bytes(states.get(2)) + bytes(states.get(3)), 64L << 20);
        relay.subscribe(SESSION, null, new TestSink());
        states.forEach(streams.listeners.get(0)::onSession);

        TestSink reconnected = new TestSink();
        relay.subscribe(SESSION, SessionFrames.session(states.get(1)).id(), reconnected);
        assertThat(sent(reconnected)).doesNotContain("\"note\":\"b\"").contains("\"note\":\"c\"", "\"note\":\"d\"");
        relay.close();

        // eight states are kept when they fit: a browser with the second of nine gets the seven after it
        CountingStreams more = new CountingStreams();
        RelayRegistry roomy = new RelayRegistry(more, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);
        roomy.subscribe(SESSION, null, new TestSink());
        for (int i = 1; i <= 9; i++) {
            more.listeners.get(0).onSession(state(SESSION, "pending", "n" + i));
        }
        TestSink second = new TestSink();
        roomy.subscribe(SESSION, SessionFrames.session(state(SESSION, "pending", "n2")).id(), second);
        assertThat(sent(second)).contains("\"note\":\"n3\"", "\"note\":\"n9\"");
        roomy.close();

        // a bound smaller than one state: the latest is still sent to a browser joining
        CountingStreams tiny = new CountingStreams();
        RelayRegistry small = new RelayRegistry(tiny, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 1, 64L << 20);
        small.subscribe(SESSION, null, new TestSink());
        tiny.listeners.get(0).onSession(state(SESSION, "pending", "only"));
        TestSink joining = new TestSink();
        small.subscribe(SESSION, null, joining);
        assertThat(sent(joining)).contains("\"note\":\"only\"");
        small.close();
    }

    /** A session followed by one browser, then completed: its end is kept (or not) by the relay. */
    private void completed(RelayRegistry relay, String id) {
        relay.subscribe(id, null, new TestSink());
        SessionListener upstream = streams.listeners.get(streams.listeners.size() - 1);
        DockSession done = state(id, "completed", "x");
        upstream.onSession(done);
        upstream.onTerminal(done);
    }

    @Test
    void theEndsKeptAreBoundedByNumberAndBytesAndAnExpiredOneGivesItsBytesBack() {
        int end = bytes(state("vsn_1", "completed", "x"));
        RelayRegistry byNumber = relay(2, 100, 256 * 1024, 64L << 20);
        completed(byNumber, "vsn_1");
        completed(byNumber, "vsn_2");
        byNumber.subscribe("vsn_1", null, new TestSink());
        assertThat(streams.opened.get()).as("maxEnded ends are kept, the oldest too").isEqualTo(2);
        byNumber.close();

        CountingStreams exact = new CountingStreams();
        RelayRegistry byBytes = new RelayRegistry(exact, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 2L * end);
        for (String id : List.of("vsn_1", "vsn_2")) {
            byBytes.subscribe(id, null, new TestSink());
            DockSession done = state(id, "completed", "x");
            exact.listeners.get(exact.listeners.size() - 1).onSession(done);
            exact.listeners.get(exact.listeners.size() - 1).onTerminal(done);
        }
        byBytes.subscribe("vsn_1", null, new TestSink());
        assertThat(exact.opened.get()).as("two ends filling maxEndedBytes exactly are both kept").isEqualTo(2);

        // past the retention, the ends are forgotten and give their bytes back: two new ends fit again
        scheduler.advance(Duration.ofMinutes(6));
        byBytes.subscribe("vsn_other", null, new TestSink()); // looks the ends up: the expired ones go
        for (String id : List.of("vsn_3", "vsn_4")) {
            byBytes.subscribe(id, null, new TestSink());
            DockSession done = state(id, "completed", "x");
            exact.listeners.get(exact.listeners.size() - 1).onSession(done);
            exact.listeners.get(exact.listeners.size() - 1).onTerminal(done);
        }
        int opened = exact.opened.get();
        byBytes.subscribe("vsn_3", null, new TestSink());
        assertThat(exact.opened.get()).as("the older of two new ends, kept after the expired ones went").isEqualTo(opened);
        byBytes.close();
    }

    @Test
    void aKeptEndsBrowserGetsRetryAndIsCountedOutOnceItLeaves() {
        RelayRegistry relay = relay(10, 1, 256 * 1024, 64L << 20);
        TestSink first = new TestSink();
        relay.subscribe(SESSION, null, first);
        DockSession done = state(SESSION, "completed", "x");
        streams.listeners.get(0).onSession(done);
        streams.listeners.get(0).onTerminal(done);
        first.close(); // it read the end and left
        assertThat(relay.browsers()).isZero();

        TestSink late = new TestSink();
        assertThat(relay.subscribe(SESSION, null, late)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(sent(late)).startsWith("retry: 3000\n\n").contains("\"note\":\"x\"");
        assertThat(streams.opened.get()).isEqualTo(1);
        late.close();

        TestSink next = new TestSink();
        assertThat(relay.subscribe(SESSION, null, next)).as("with maxBrowsers 1, after the last one left")
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        relay.close();
    }

    @Test
    void everyStateIsWrittenOutAsItComesAndTheStreamFinishesAfterTheEnd() {
        RelayRegistry relay = relay(10, 100, 256 * 1024, 64L << 20);
        WrittenSink browser = new WrittenSink();
        relay.subscribe(SESSION, null, browser);
        assertThat(browser.written).as("written as it joined").containsExactly("retry: 3000\n\n");

        streams.listeners.get(0).onSession(state(SESSION, "pending", "p"));
        assertThat(String.join("", browser.written)).as("written as it came").contains("\"note\":\"p\"");
        assertThat(browser.finished).isFalse();

        DockSession done = state(SESSION, "completed", "x");
        streams.listeners.get(0).onSession(done);
        streams.listeners.get(0).onTerminal(done);
        assertThat(String.join("", browser.written)).contains("\"note\":\"x\"");
        assertThat(browser.finished).as("the stream finishes after the terminal state").isTrue();
        relay.close();
    }
}
