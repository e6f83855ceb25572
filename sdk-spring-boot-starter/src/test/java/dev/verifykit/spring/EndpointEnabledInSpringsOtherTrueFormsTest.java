package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.spring.internal.UnconvertibleVerifyKitPropertyFailureAnalyzer;
import dev.verifykit.webhook.WebhookHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Spring Boot binds {@code on}, {@code yes} and {@code 1} as true (a common way to write a flag in an
 * environment variable: {@code VERIFYKIT_DOKAI_WEBHOOK_ENABLED=1}), so {@code DokaiProperties} says the
 * webhook is enabled (and the actuator's configprops shows {@code enabled: true}). But the endpoints'
 * conditions ({@code @ConditionalOnBooleanProperty}) only match the text "true", and the starter's
 * check that an enabled endpoint exists reads the text "true" too: the endpoint is silently absent,
 * every Dokai delivery is answered 404 and, once Dokai gives up, lost. README: "An endpoint enabled
 * without what it needs ... fails startup", never silently absent.
 */
class EndpointEnabledInSpringsOtherTrueFormsTest {
    private static final AutoConfigurations STARTER = AutoConfigurations.of(VerifyKitAutoConfiguration.class,
            VerifyKitStreamsAutoConfiguration.class, VerifyKitServletAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(STARTER);

    @ParameterizedTest
    @ValueSource(strings = {"on", "yes", "1"})
    void aWebhookEnabledAsSpringReadsTrueIsRegisteredOrFailsTheStart(String value) {
        web.withPropertyValues("verifykit.dokai.webhook.enabled=" + value, "verifykit.dokai.webhook.secret=whsec_x")
                .withBean(WebhookHandler.class, () -> event -> {})
                .run(context -> {
                    if (context.getStartupFailure() != null) {
                        return; // failing the start, naming the property, keeps the promise too
                    }
                    assertThat(context.getBean(DokaiProperties.class).getWebhook().isEnabled())
                            .as("the bound setting").isTrue();
                    assertThat(context.containsBean(VerifyKitServletAutoConfiguration.WEBHOOK_BEAN))
                            .as("verifykit.dokai.webhook.enabled=%s is bound as true, but is the endpoint registered?", value)
                            .isTrue();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "yes", "1"})
    void aRelayEnabledAsSpringReadsTrueIsRegisteredOrFailsTheStart(String value) {
        web.withPropertyValues("verifykit.dock.relay.enabled=" + value, "verifykit.dock.api-key=dock_test_free")
                .withBean(RelayAuthorizer.class, () -> (request, sessionId) -> true)
                .run(context -> {
                    if (context.getStartupFailure() != null) {
                        return;
                    }
                    assertThat(context.getBean(DockProperties.class).getRelay().isEnabled()).as("the bound setting").isTrue();
                    assertThat(context.containsBean(VerifyKitServletAutoConfiguration.RELAY_BEAN))
                            .as("verifykit.dock.relay.enabled=%s is bound as true, but is the relay registered?", value)
                            .isTrue();
                });
    }

    /** What Spring cannot bind as a boolean fails the start, naming the property and never its value. */
    @ParameterizedTest
    @ValueSource(strings = {"verifykit.dokai.webhook.enabled", "verifykit.dock.relay.enabled"})
    void aValueThatIsNoBooleanFailsTheStartNamingTheProperty(String property) {
        web.withPropertyValues(property + "=whsec_swapped_line", "verifykit.dokai.webhook.secret=whsec_x",
                        "verifykit.dock.api-key=dock_test_free")
                .withBean(WebhookHandler.class, () -> event -> {})
                .withBean(RelayAuthorizer.class, () -> (request, sessionId) -> true)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new UnconvertibleVerifyKitPropertyFailureAnalyzer()
                            .analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains(property, "true or false")
                            .doesNotContain("whsec_swapped_line");
                });
    }
}
