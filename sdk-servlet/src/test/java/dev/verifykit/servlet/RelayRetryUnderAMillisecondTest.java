package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import dev.verifykit.servlet.internal.SessionFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code RelaySettings.retry} was only checked positive, and the relay writes it in whole
 * milliseconds: a retry under a millisecond (500 µs, Spring's {@code verifykit.dock.relay.retry=500us})
 * was sent to every browser as {@code retry: 0}, and browsers reconnected at once, in a loop.
 */
class RelayRetryUnderAMillisecondTest {
    @Test
    void aRetryUnderAMillisecondIsRefusedNamingRetry() {
        assertThatThrownBy(() -> RelaySettings.builder().retry(Duration.ofNanos(500_000)).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("retry");
                    assertThat(e.rule()).startsWith("must be at least 1 ms");
                });
        RelaySettings shortest = RelaySettings.builder().retry(Duration.ofMillis(1)).build();
        assertThat(new String(SessionFrames.retry(shortest.retry()), StandardCharsets.UTF_8)).isEqualTo("retry: 1\n\n");
    }
}
