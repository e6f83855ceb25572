package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A duration set from Java is bounded as a flag's is (at most 999,999,999 s). Before, the builders
 * took any length: {@code terminalRetention(ChronoUnit.FOREVER.getDuration())} ("keep ended
 * sessions") was accepted, then every read of an ended session overflowed the instant it was added
 * to and answered 500 {@code INTERNAL_ERROR}; an {@code idempotencyTtl} of the same length did so
 * at every replay.
 */
class DurationSettingBoundsTest {
    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();
    private static final Duration LONGEST = Duration.ofSeconds(999_999_999);

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));

    static Stream<Arguments> durationSettings() {
        return Stream.of(
                Arguments.of("terminalRetention", (Consumer<Duration>) d -> DockSettings.builder().terminalRetention(d)),
                Arguments.of("idempotencyTtl", (Consumer<Duration>) d -> DockSettings.builder().idempotencyTtl(d)),
                Arguments.of("minPollInterval", (Consumer<Duration>) d -> DockSettings.builder().minPollInterval(d)),
                Arguments.of("sessionLifetime", (Consumer<Duration>) d -> RobloxSettings.builder().sessionLifetime(d)),
                Arguments.of("sessionLifetime", (Consumer<Duration>) d -> DokaiSettings.builder().sessionLifetime(d)));
    }

    @ParameterizedTest
    @MethodSource("durationSettings")
    void aDurationLongerThanAFlagCanSayIsRefusedNamingTheSetting(String name, Consumer<Duration> setter) {
        assertThatThrownBy(() -> setter.accept(FOREVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " must be at most 999999999s");
        setter.accept(LONGEST);
    }

    /**
     * The webhook deliverer hands {@code deliveryTimeout} to OkHttp, which takes whole milliseconds up to
     * {@code Integer.MAX_VALUE}: a longer one (a test's "never time out") made every delivery fail unrecorded
     * on the deliverer's thread (no attempt in the log, no retry), one under a millisecond was no timeout.
     */
    @Test
    void aDeliveryTimeoutOkHttpCannotTakeIsRefusedNamingTheSetting() {
        for (Duration timeout : new Duration[] {Duration.ofDays(30), Duration.ofNanos(500_000)}) {
            assertThatThrownBy(() -> DokaiSettings.builder().deliveryTimeout(timeout))
                    .as(timeout.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("deliveryTimeout must be 1 ms to 2147483647 ms");
        }
        assertThat(DokaiSettings.builder().deliveryTimeout(Duration.ofMillis(Integer.MAX_VALUE)).build()
                .deliveryTimeout()).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(DokaiSettings.builder().deliveryTimeout(Duration.ofMillis(1)).build().deliveryTimeout())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void theLongestRetentionAndKeyLifetimeAreHonoured() {
        DockSettings dock = DockSettings.builder().terminalRetention(LONGEST).idempotencyTtl(LONGEST).build();
        try (MockServer server = MockServer.start(MockSettings.builder().clock(clock).dock(dock).build())) {
            Http http = new Http(server);
            String body = "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"k\"}";
            Answer first = http.create(Http.FREE, body, "key-1");
            Answer replay = http.create(Http.FREE, body, "key-1");
            assertThat(replay.status()).as(replay.body()).isEqualTo(200);
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

            String id = (String) first.data().get("id");
            server.dock().complete(id);
            clock.advance(Duration.ofDays(3650));
            Answer read = http.read(Http.FREE, id, null);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.data().get("status")).isEqualTo("completed");
        }
    }
}
