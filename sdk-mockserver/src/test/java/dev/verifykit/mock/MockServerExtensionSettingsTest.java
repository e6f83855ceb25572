package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MockServerExtensionSettingsTest {

    @RegisterExtension
    static MockServerExtension mock = MockServerExtension.with(MockSettings.builder()
            .dock(DockSettings.builder().sessionLifetime(Duration.ofSeconds(7)).build()).build());

    @Test
    void registeredExtensionUsesTheGivenSettings(MockServer injected) {
        assertThat(mock.server()).isSameAs(injected);
        assertThat(mock.server().settings().dock().sessionLifetime()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void serverIsUnavailableOutsideATestClass() {
        assertThatThrownBy(() -> MockServerExtension.with(MockSettings.defaults()).server())
                .isInstanceOf(IllegalStateException.class);
    }
}
