package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * README, Spring Boot: "Secrets stay secret: ... so does every entry whose value holds one of them as
 * they are bound now (the DOCK_API_KEY a key is read from with ${DOCK_API_KEY:} ...)". A credential
 * is used without the spaces around it (CHANGELOG: "a .properties line's trailing space"; Spring Boot's
 * properties loader keeps a value's trailing space), so
 * {@code verifykit.dokai.webhook.secret=${DOKAI_WEBHOOK_SECRET} } with a trailing space is a working
 * configuration. Before, the actuator looked for the bound value with its space in the other entries,
 * found it nowhere, and showed the variable the secret is read from in clear.
 */
class ActuatorMasksASecretBoundWithSpacesAroundItTest {
    private static final String DOCK_KEY = "dock_live_read_from_a_variable";
    private static final String WEBHOOK_SECRET = "whsec_read_from_a_variable";

    @Test
    void theVariableASecretIsReadFromIsMaskedWhenThePropertyLineHasATrailingSpace() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitServletAutoConfiguration.class, VerifyKitActuatorAutoConfiguration.class))
                .withBean(WebhookHandler.class, () -> event -> {})
                .withInitializer(context -> {
                    context.getEnvironment().getPropertySources().addLast(new MapPropertySource("systemEnvironment",
                            Map.of("DOCK_API_KEY", DOCK_KEY, "DOKAI_WEBHOOK_SECRET", WEBHOOK_SECRET)));
                    // application.properties as Spring Boot loads it: a value's trailing space is kept
                    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
                            "Config resource 'class path resource [application.properties]'",
                            Map.of("verifykit.dock.api-key", "${DOCK_API_KEY} ",
                                    "verifykit.dokai.webhook.enabled", "true",
                                    "verifykit.dokai.webhook.secret", "${DOKAI_WEBHOOK_SECRET} ")));
                })
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DockClient.class);
                    // the configuration works: the secret is used without its space
                    byte[] body = "{\"event\":\"verification.completed\",\"id\":\"ver_1\",\"status\":\"verified\"}"
                            .getBytes(StandardCharsets.UTF_8);
                    String signature = WebhookSigner.of(WEBHOOK_SECRET).sign(body);
                    context.getBean(WebhookVerifier.class).verify(body, signature);

                    EnvironmentEndpoint env = env(context);
                    assertThat(String.valueOf(env.environmentEntry("DOKAI_WEBHOOK_SECRET").getProperty().getValue()))
                            .as("GET /actuator/env/DOKAI_WEBHOOK_SECRET with show-values=always")
                            .doesNotContain(WEBHOOK_SECRET);
                    assertThat(String.valueOf(env.environmentEntry("DOCK_API_KEY").getProperty().getValue()))
                            .as("GET /actuator/env/DOCK_API_KEY with show-values=always").doesNotContain(DOCK_KEY);
                });
    }

    private static EnvironmentEndpoint env(AssertableWebApplicationContext context) {
        List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
        return new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
    }
}
