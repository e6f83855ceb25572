package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.SteppedClock;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Only a passing failure (Dock out of reach) is forgotten by the relay: an upstream refused by Dock
 * with a rate limit that is no poll cap (the key's daily bucket, a shared-IP limit: Retry-After of
 * an hour) also ends "unavailable" (codeOf's catch-all), and a first version forgot it too, so that
 * every browser opening or reloading the page opened the session upstream again, straight into the
 * same refusal (found by a review).
 */
class RelayLastingEndTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();

    @Test
    void anUpstreamRefusedForAnHourIsNotReopenedByEveryReload() {
        RelayRegistry relay = relay(scheduler);
        TestSink first = refusedForAnHour(relay);

        for (int reload = 0; reload < 5; reload++) {
            scheduler.advance(Duration.ofSeconds(5));
            relay.subscribe(SESSION, null, new TestSink());
        }

        assertThat(streams.opened.get()).as("upstreams opened within 25 s of a refusal for an hour (frames %s)", first.frames)
                .isEqualTo(1);
    }

    /**
     * The relay kept a session's end on the wall clock ({@code Ended} held {@code scheduler.now()}):
     * an NTP step forward of it, seconds after the end, forgot the end, and the next reload opened the
     * session upstream again (one more Dock read, straight into the same refusal); a step back kept the
     * end for the step's length past {@code endedRetention}.
     */
    @Test
    void anEndIsKeptItsRetentionWhateverTheWallClockDoes() {
        SteppedClock clock = new SteppedClock(scheduler);
        RelayRegistry relay = relay(clock);
        refusedForAnHour(relay);

        scheduler.advance(Duration.ofSeconds(5));
        clock.wallOff(Duration.ofMinutes(10)); // NTP steps the wall clock forward 10 minutes
        relay.subscribe(SESSION, null, new TestSink());
        assertThat(streams.opened.get()).as("upstreams opened 5 s after an end kept for 5 minutes").isEqualTo(1);

        clock.wallOff(Duration.ofHours(-1)); // and back, an hour behind true time
        scheduler.advance(Duration.ofMinutes(5));
        relay.subscribe(SESSION, null, new TestSink());
        assertThat(streams.opened.get()).as("upstreams opened 5 min 5 s after an end kept for 5 minutes").isEqualTo(2);
        relay.close();
    }

    /**
     * The ends kept were bounded by their number only ({@code maxEndedSessions}), each holding its
     * session's states as Dock sent them (unknown fields included, up to {@code maxResponseBytes}
     * each): ended sessions with large states ran the heap out ({@code RelayKeptStatesMemoryTest}).
     * Past {@code maxEndedBytes} the oldest end is forgotten, and an end larger alone is not kept.
     */
    @Test
    void theEndsKeptHoldAtMostMaxEndedBytes() {
        int stateBytes = 10_000;
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 3 * stateBytes);
        for (String id : new String[] {"vsn_1", "vsn_2", "vsn_3"}) {
            completedWith(relay, id, stateBytes);
        }
        assertThat(streams.opened.get()).isEqualTo(3);

        relay.subscribe("vsn_3", null, new TestSink());
        assertThat(streams.opened.get()).as("the latest end is kept").isEqualTo(3);
        relay.subscribe("vsn_1", null, new TestSink());
        assertThat(streams.opened.get()).as("the oldest end, past maxEndedBytes, is forgotten").isEqualTo(4);

        completedWith(relay, "vsn_big", 4 * stateBytes);
        relay.subscribe("vsn_big", null, new TestSink());
        assertThat(streams.opened.get()).as("an end larger than maxEndedBytes alone is not kept").isEqualTo(6);
        relay.subscribe("vsn_3", null, new TestSink());
        assertThat(streams.opened.get()).as("nor does it push out the ends kept").isEqualTo(6);
        relay.close();
    }

    /**
     * A session still relayed kept its last 8 states whatever their size; now older states than the
     * latest only while they fit, with it, in {@code maxHistoryBytes}: a browser reconnecting with the
     * first state's id is sent the latest only.
     */
    @Test
    void aSessionsOlderStatesAreKeptWithinMaxHistoryBytes() {
        RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 15_000, 64L << 20);
        TestSink first = new TestSink();
        relay.subscribe(SESSION, null, first);
        streams.listeners.get(0).onSession(state(SESSION, "pending", "a", 10_000));
        String firstId = String.join("", first.frames).replaceAll("(?s).*id: (s-[0-9a-f]+).*", "$1");
        streams.listeners.get(0).onSession(state(SESSION, "pending", "b", 10_000));
        streams.listeners.get(0).onSession(state(SESSION, "pending", "c", 10_000));

        TestSink reconnected = new TestSink();
        relay.subscribe(SESSION, firstId, reconnected);
        String sent = String.join("", reconnected.frames);
        assertThat(sent).as("the latest state").contains("\"note\":\"c");
        assertThat(sent).as("the second state, past maxHistoryBytes with the latest").doesNotContain("\"note\":\"b");
        relay.close();
    }

    /** A session {@code id} followed by one browser, ended completed with a state of about {@code bytes}. */
    private void completedWith(RelayRegistry relay, String id, int bytes) {
        relay.subscribe(id, null, new TestSink());
        DockSession completed = state(id, "completed", "n", bytes);
        SessionListener upstream = streams.listeners.get(streams.listeners.size() - 1);
        upstream.onSession(completed);
        upstream.onTerminal(completed);
    }

    private static DockSession state(String id, String status, String letter, int bytes) {
        return DockSession.builder().id(id).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, status)).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").putAdditionalProperties("note", letter.repeat(bytes)).build();
    }

    private RelayRegistry relay(Scheduler clock) {
        return new RelayRegistry(streams, WaitOptions.defaults(), clock, Duration.ofSeconds(15),
                Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);
    }

    /** A first browser's upstream, refused by Dock for an hour: its end is kept. */
    private TestSink refusedForAnHour(RelayRegistry relay) {
        TestSink first = new TestSink();
        relay.subscribe(SESSION, null, first);
        streams.listeners.get(0).onError(new RateLimitException(new ApiError(Service.DOCK, 429, "SHARED_IP_RATE_LIMITED",
                "too many requests from this address", "req_1", "GET /v2/sessions/{id}/stream", Duration.ofHours(1))));
        streams.listeners.get(0).onClosed();
        assertThat(String.join("", first.frames)).contains("relay-error");
        return first;
    }
}
