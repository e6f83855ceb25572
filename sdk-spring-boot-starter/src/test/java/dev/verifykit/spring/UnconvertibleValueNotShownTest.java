package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * README: "Wrong settings fail startup with the property and the rule, never the value". A value that
 * cannot be converted (a secret given to a typed property by a swapped line or variable, e.g.
 * {@code verifykit.dokai.webhook.enabled=${DOKAI_WEBHOOK_SECRET}}) failed the start with Spring Boot's
 * BindFailureAnalyzer's report, which prints "Value: <the secret>". The starter's own report names
 * the property and what it takes; the cause it gives (logged at DEBUG) no longer is the binding's,
 * which quotes the value. (The group keys, written one level too high, are reported as
 * unknown names, without their value.)
 */
class UnconvertibleValueNotShownTest {
    private static final String SECRET = "whsec_must_not_be_shown";

    private final ApplicationContextRunner plain = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(VerifyKitAutoConfiguration.class));

    @Test
    void theStartupReportNeverShowsTheValue() {
        List<String> shown = new ArrayList<>();
        for (String key : List.of("verifykit.dokai.webhook", "verifykit.dock.guardrails", "verifykit.dock.relay",
                "verifykit.dokai.webhook.enabled", "verifykit.dock.plan", "verifykit.dock.connect-timeout")) {
            plain.withPropertyValues(key + "=" + SECRET).run(context -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                FailureAnalysis analysis = analysis(failure);
                String report = analysis == null ? String.valueOf(failure)
                        : analysis.getDescription() + "\n" + analysis.getAction() + "\n" + chain(analysis.getCause());
                if (report.contains(SECRET)) {
                    shown.add(key + " -> " + report.replace('\n', ' '));
                }
            });
        }
        assertThat(shown).isEmpty();
    }

    @Test
    void theStartupReportNamesThePropertyAndWhatItTakes() {
        plain.withPropertyValues("verifykit.dock.plan=" + SECRET).run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).isEqualTo("VerifyKit could not be configured: verifykit.dock.plan"
                    + " could not be read as one of FREE, PREMIUM (value not shown).");
        });
    }

    @Test
    void aWholeNumberSettingIsReportedAsTakingAWholeNumber() {
        plain.withPropertyValues("verifykit.dock.max-retries=" + SECRET).run(context -> {
            FailureAnalysis analysis = analysis(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).isEqualTo("VerifyKit could not be configured: verifykit.dock.max-retries"
                    + " could not be read as a whole number (value not shown).");
        });
    }

    /** Every message of {@code cause}'s chain: Spring Boot logs the analysis's cause at DEBUG. */
    private static String chain(Throwable cause) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        return messages.toString();
    }

    /** The report Spring Boot prints: the first analyzer's, in their order (ours are registered in spring.factories). */
    private FailureAnalysis analysis(Throwable failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, null, SpringFactoriesLoader.FailureHandler.handleMessage((m, e) -> { }));
        return analyzers.stream().map(a -> a.analyze(failure)).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
