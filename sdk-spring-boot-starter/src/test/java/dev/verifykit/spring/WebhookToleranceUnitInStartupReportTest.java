package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * README: durations take Spring's forms, "a bare number is milliseconds, except the webhook's
 * tolerance: seconds, as the signature's t= is". A tolerance that cannot be read (written "5 minutes")
 * fails the start with a report that tells the integrator the opposite for that very property: "a
 * bare number is milliseconds". Following it (300000 for 5 minutes) then fails again as 3.5 days.
 */
class WebhookToleranceUnitInStartupReportTest {
    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(VerifyKitAutoConfiguration.class));

    @Test
    void theReportOfAnUnreadableToleranceGivesItsOwnUnit() {
        plain.withPropertyValues("verifykit.dokai.webhook.tolerance=5 minutes").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("verifykit.dokai.webhook.tolerance")
                    .doesNotContain("a bare number is milliseconds").contains("a bare number is seconds")
                    .doesNotContain("5 minutes");
        });
    }

    @Test
    void theReportOfAnotherUnreadableDurationGivesSpringsUnit() {
        plain.withPropertyValues("verifykit.dock.connect-timeout=5 minutes").run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("verifykit.dock.connect-timeout", "a bare number is milliseconds");
        });
    }

    private FailureAnalysis analysis(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((m, e) -> { }));
        return analyzers.stream().map(a -> a.analyze(failure)).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
