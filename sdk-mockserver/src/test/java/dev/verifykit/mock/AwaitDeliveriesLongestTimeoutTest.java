package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code DokaiControl.awaitDeliveries} with a timeout meaning "as long as it takes" (the longest
 * {@link Duration}, {@code ChronoUnit.FOREVER}'s) failed with {@code ArithmeticException: long overflow}
 * before it even looked at the deliveries (it turned the timeout into nanoseconds as it was given),
 * where {@code MockJournal.await}, its sibling, caps such a timeout. Zero deliveries awaited are there
 * at once, whatever the timeout.
 */
class AwaitDeliveriesLongestTimeoutTest {

    @Test
    void theLongestTimeoutIsNoOverflow() {
        try (MockServer server = MockServer.start()) {
            for (Duration timeout : List.of(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), ChronoUnit.FOREVER.getDuration())) {
                Object[] got = new Object[1];
                Throwable thrown = catchThrowable(() -> got[0] = server.dokai().awaitDeliveries(0, timeout));
                assertThat(thrown).as("awaitDeliveries(0, " + timeout + ")").isNull();
                assertThat((List<?>) got[0]).isEmpty();
            }
        }
    }
}
