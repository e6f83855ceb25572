package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.spring.internal.InvalidVerifyKitPropertyException;
import dev.verifykit.spring.internal.InvalidVerifyKitPropertyFailureAnalyzer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A setting a customizer refuses is blamed on the customizer (README, {@code translating}'s Javadoc),
 * also when the properties have a setting of the same name that the application never set: the
 * integrator was sent to {@code verifykit.dock.base-url}, which is in no configuration of theirs.
 */
class CustomizerValueNotBlamedOnAnUnsetPropertyTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class))
            .withPropertyValues("verifykit.dock.api-key=dock_test_free_not_to_be_shown");

    @Test
    void aBaseUrlACustomizerSetIsBlamedOnTheCustomizer() {
        runner.withBean(DockClientCustomizer.class, () -> builder -> builder.baseUrl("ftp://example.com/dock"))
                .run(context -> assertThat(refused(context.getStartupFailure()).property())
                        .isEqualTo("a customizer of the Dock client (setting baseUrl)"));
    }

    @Test
    void aTimeoutASharedCustomizerSetIsBlamedOnTheCustomizer() {
        runner.withBean(VerifyKitClientCustomizer.class, () -> builder -> builder.readTimeout(Duration.ofNanos(500)))
                .run(context -> assertThat(refused(context.getStartupFailure()).property())
                        .isEqualTo("a customizer of the Dock client (setting readTimeout)"));
    }

    @Test
    void aValueTheApplicationDidSetIsStillBlamedOnItsProperty() {
        runner.withPropertyValues("verifykit.dock.base-url=ftp://example.com/dock")
                .run(context -> assertThat(refused(context.getStartupFailure()).property())
                        .isEqualTo("verifykit.dock.base-url"));
    }

    /** The report sends the integrator to the application's configuration for a property, not for a customizer. */
    @Test
    void theReportSendsToTheConfigurationOnlyForAProperty() {
        runner.withPropertyValues("verifykit.dock.base-url=ftp://example.com/dock")
                .run(context -> assertThat(new InvalidVerifyKitPropertyFailureAnalyzer().analyze(context.getStartupFailure())
                        .getAction()).isEqualTo("Change verifykit.dock.base-url in the application's configuration."));
        runner.withBean(DockClientCustomizer.class, () -> builder -> builder.baseUrl("ftp://example.com/dock"))
                .run(context -> assertThat(new InvalidVerifyKitPropertyFailureAnalyzer().analyze(context.getStartupFailure())
                        .getAction()).isEqualTo("Change a customizer of the Dock client (setting baseUrl)."));
    }

    private static InvalidVerifyKitPropertyException refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidVerifyKitPropertyException refused) {
                return refused;
            }
        }
        throw new AssertionError("no InvalidVerifyKitPropertyException in " + failure, failure);
    }
}
