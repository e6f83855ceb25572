package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link MockFaultRule#active(Instant)}: a rule acts while it has uses left ({@code remaining} null for
 * unlimited) and until {@code expiresAt} (null for never), both when both are given.
 */
class MockFaultRuleTest {

    private static final Instant END = Instant.parse("2026-05-07T00:00:00Z");

    private static MockFaultRule rule(Integer times, Integer remaining, Instant expiresAt) {
        return new MockFaultRule("f1", "GET", "/dock/**", MockFault.respond(503), times, remaining, expiresAt, 0);
    }

    @Test
    void aRuleActsWhileItHasUsesLeftAndUntilItsEnd() {
        Instant before = END.minus(Duration.ofNanos(1));

        assertThat(rule(null, null, null).active(END)).isTrue();
        assertThat(rule(2, 1, null).active(END)).isTrue();
        assertThat(rule(2, 0, null).active(END)).isFalse();
        assertThat(rule(null, null, END).active(before)).isTrue();
        assertThat(rule(null, null, END).active(END)).isFalse();
        assertThat(rule(2, 1, END).active(before)).isTrue();
        assertThat(rule(2, 1, END).active(END)).isFalse();
        assertThat(rule(2, 0, END).active(before)).isFalse();
    }
}
