package dev.verifykit.poll.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionGatesTest {
    @Test
    void oneGatePerSessionSharedByItsReads() {
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        SessionGates gates = new SessionGates(time, Duration.ofSeconds(2), 3, Duration.ofHours(1));

        RequestGate a = gates.of("a");

        assertThat(gates.of("a")).isSameAs(a);
        assertThat(gates.of("b")).isNotSameAs(a);
        assertThat(a.minInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(a.tryAcquire(time.nanoTime(), Long.MAX_VALUE, "first read")).isInstanceOf(RequestGate.Admitted.class);
        assertThat(gates.of("a").tryAcquire(time.nanoTime(), Long.MAX_VALUE, "second read")).isInstanceOf(RequestGate.Wait.class);
    }
}
