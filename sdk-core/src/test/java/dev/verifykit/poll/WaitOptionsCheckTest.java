package dev.verifykit.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link WaitOptions}' documented ranges, checked by {@code build()} naming the value out of range: a
 * positive {@code timeout} and {@code pollInterval}, {@code maxRequests} at least 1 (found by mutation
 * testing: no test held the three checks).
 */
class WaitOptionsCheckTest {
    @Test
    void aTimeoutOrPollIntervalThatIsNotPositiveIsRefusedByName() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofNanos(-1)}) {
            assertThatThrownBy(() -> WaitOptions.builder().timeout(bad).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("timeout"));
            assertThatThrownBy(() -> WaitOptions.builder().pollInterval(bad).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("pollInterval"));
        }
        assertThat(WaitOptions.builder().timeout(Duration.ofNanos(1)).pollInterval(Duration.ofNanos(1)).build().timeout())
                .contains(Duration.ofNanos(1));
    }

    @Test
    void maxRequestsIsAtLeastOne() {
        for (int bad : new int[] {0, -1}) {
            assertThatThrownBy(() -> WaitOptions.builder().maxRequests(bad).build())
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxRequests"))
                    .hasMessageContaining("must be at least 1 (was " + bad + ")");
        }
        assertThat(WaitOptions.builder().maxRequests(1).build().maxRequests()).hasValue(1);
    }

    @Test
    void maxConsecutiveFailuresTakesItsBounds() {
        assertThat(WaitOptions.builder().maxConsecutiveFailures(0).build().maxConsecutiveFailures()).hasValue(0);
        assertThat(WaitOptions.builder().maxConsecutiveFailures(1_000).build().maxConsecutiveFailures()).hasValue(1_000);
        assertThatThrownBy(() -> WaitOptions.builder().maxConsecutiveFailures(1_001).build())
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("maxConsecutiveFailures"));
    }
}
