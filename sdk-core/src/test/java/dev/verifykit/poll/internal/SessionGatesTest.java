package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionGatesTest {
    @Test
    void theMarginIsFivePercentAtLeast50MsAtMostTheInterval() {
        assertThat(SessionGates.margin(Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(100));
        assertThat(SessionGates.margin(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(50));
        assertThat(SessionGates.margin(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(10));
        assertThat(SessionGates.margin(Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void oneGatePerSessionSharedByItsReads() {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        SessionGates gates = new SessionGates(time, Duration.ofSeconds(2), 3, Duration.ofHours(1));

        RequestGate a = gates.of("a");

        assertThat(gates.of("a")).isSameAs(a);
        assertThat(gates.of("b")).isNotSameAs(a);
        assertThat(gates.spacing()).isEqualTo(Duration.ofMillis(2100));
        assertThat(a.tryAcquire(time.nanoTime())).isZero();
        assertThat(a.tryAcquire(time.nanoTime())).isEqualTo(Duration.ofMillis(2100).toNanos());
    }
}
