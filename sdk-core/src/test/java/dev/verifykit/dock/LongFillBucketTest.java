package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A create bucket's fill time (burst × refill) is counted in nanoseconds. Found by an outside
 * review: guardrails the builder accepted (a burst of 1,000, one token back a year) passed a {@code
 * long} there: the in-memory bucket, full, looked empty and refused the first create with a wait of
 * 170 years, and a create Dock refused (429) ended in an {@code ArithmeticException} instead of a
 * {@link RateLimitException}, without holding back the creates of the instances sharing a store.
 * Such guardrails are refused now, naming the setting; the longest fill accepted works.
 */
class LongFillBucketTest {
    private static final Duration YEAR = Duration.ofDays(365);
    /** The longest refill a burst of 1,000 may have: its fill time is then 999,999,999 s. */
    private static final Duration LONGEST_REFILL = Duration.ofSeconds(999_999_999).dividedBy(1000);

    @Test
    void aFillTimeLongerThanAnySettingIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DockGuardrails.builder().createBurst(1000).createRefill(YEAR).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("createRefill");
                    assertThat(e.rule()).contains("times the burst (1000)").contains("999999999 s");
                });
        assertThatThrownBy(() -> GuardrailStore.CreateRules.of(1000, YEAR, Duration.ofMinutes(2)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("refill"));
        assertThat(DockGuardrails.builder().createBurst(1000).createRefill(LONGEST_REFILL).build().createRefill())
                .isEqualTo(LONGEST_REFILL);
    }

    @Test
    void theLongestFillStartsFullAndADockRefusalIsARateLimit() {
        // Dock's bucket holds one here: the second create is refused (429, its Retry-After a year away)
        try (MockServer mock = MockServer.start(MockSettings.builder()
                        .dock(DockSettings.builder().createBurst(1).createRefill(YEAR).build()).build());
                DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).maxRetries(0)
                        .guardrails(DockGuardrails.builder().createBurst(1000).createRefill(LONGEST_REFILL).build())
                        .createTokenWait(Duration.ZERO).build()) {
            DockSession first = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("long-fill-1").build());
            assertThat(first.id()).as("the bucket starts full").startsWith("vsn_");

            assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                    .clientId("long-fill-2").build())).isInstanceOf(RateLimitException.class);
        }
        GuardrailStore store = GuardrailStore.inMemory(dev.verifykit.time.Scheduler.system());
        assertThat(store.tryStartCreate("acct", "c1", GuardrailStore.CreateRules.of(1000, LONGEST_REFILL,
                Duration.ofMinutes(2)), GuardrailStore.NO_DEADLINE).kind()).isEqualTo(GuardrailStore.CreateStart.Kind.STARTED);
    }
}
