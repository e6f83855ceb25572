package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void dockDefaultsAreTheDocumentedLimits() {
        DockSettings d = DockSettings.defaults();

        assertThat(d.sessionLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.createBurst()).isEqualTo(6);
        assertThat(d.createRefill()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.minPollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.maxWait()).isEqualTo(Duration.ofSeconds(25));
        assertThat(d.streamMaxDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.keepAlive()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.streamRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.freePollCap()).isEqualTo(60);
        assertThat(d.premiumPollCap()).isEqualTo(150);
        assertThat(d.terminalRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(d.idempotencyTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(d.freeDailyLimit()).isEqualTo(2000);
        assertThat(d.premiumDailyLimit()).isEqualTo(10000);
        assertThat(d.freeApiKey()).isEqualTo("dock_test_free");
        assertThat(d.freePid()).isEqualTo("PID-FREE0001");
        assertThat(d.premiumApiKey()).isEqualTo("dock_test_premium");
        assertThat(d.premiumPid()).isEqualTo("PID-PREM0001");
        assertThat(d.toBuilder().build().toString()).isEqualTo(d.toString());
    }

    @Test
    void mockDefaults() {
        MockSettings m = MockSettings.defaults();

        assertThat(m.host()).isEqualTo("127.0.0.1");
        assertThat(m.port()).isZero();
        assertThat(m.clock().getZone()).isEqualTo(java.time.ZoneOffset.UTC);
        assertThat(m.dock().toString()).isEqualTo(DockSettings.defaults().toString());
    }

    @Test
    void buildersRejectWhatTheMockCannotHonour() {
        assertThatThrownBy(() -> DockSettings.builder().maxWait(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> DockSettings.builder().sessionLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DockSettings.builder().minPollInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DockSettings.builder().freePollCap(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DockSettings.builder().freeApiKey("has space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DockSettings.builder().premiumPid("PID-FREE0001").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockSettings.builder().port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DockSettings.builder().minPollInterval(Duration.ZERO).maxWait(Duration.ZERO).build().maxWait())
                .isZero();
    }

    @Test
    void aRefusedSecretIsNeverQuoted() {
        assertThatThrownBy(() -> DockSettings.builder().freeApiKey("dock key"))
                .hasMessage("freeApiKey must be printable ASCII without spaces (found a space at index 4)");
        assertThatThrownBy(() -> RobloxSettings.builder().verificationSecret("rbx\u00e9secret"))
                .hasMessage("verificationSecret must be printable ASCII without spaces (found a non-ASCII character at index 3)");
        int secrets = 0;
        int refused = 0;
        for (SettingValues group : List.of(MockSettings.DEFAULTS, DockSettings.DEFAULTS, RobloxSettings.DEFAULTS,
                DokaiSettings.DEFAULTS)) {
            for (Setting<?> setting : group.settings()) {
                if (setting.hidden()) {
                    secrets++;
                    for (String bad : List.of("", "sec ret-SECRETPART", "sec\nret-SECRETPART", "sec\u00e9ret-SECRETPART")) {
                        try {
                            CommandLine.parse(setting.flag(), bad);
                        } catch (IllegalArgumentException e) {
                            refused++;
                            assertThat(e.getMessage()).as(setting.name()).startsWith(setting.flag() + ": " + setting.name())
                                    .doesNotContain("SECRETPART");
                        }
                    }
                }
            }
        }
        assertThat(secrets).as("API keys and secrets of the four settings classes").isEqualTo(8);
        assertThat(refused).as("every bad value of the seven header secrets, and an empty JWT secret").isEqualTo(29);
    }

    @Test
    void mutableClockMovesOnlyWhenTold() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-07T00:00:00Z"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-07T00:05:00Z"));
        assertThat(paris.instant()).isEqualTo(clock.instant());
        clock.set(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
        assertThat(MutableClock.behind(paris)).isSameAs(clock);
    }
}
