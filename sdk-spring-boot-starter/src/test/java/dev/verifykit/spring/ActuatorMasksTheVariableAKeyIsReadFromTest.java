package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * README, Spring Boot: "Secrets stay secret: ... with the actuator the env and configprops endpoints
 * show ****** for verifykit.*.api-key, verifykit.dokai.webhook.secret(s) and
 * verifykit.roblox.verification-secret, even with show-values=always". The README's own configuration
 * reads each secret from a variable ({@code verifykit.dock.api-key=${DOCK_API_KEY:}}): the env endpoint
 * masks the verifykit entry, and shows the same key in clear as the variable's own entry.
 */
class ActuatorMasksTheVariableAKeyIsReadFromTest {
    private static final String DOCK_KEY = "dock_live_read_from_a_variable";
    private static final String WEBHOOK_SECRET = "whsec_read_from_a_variable";
    private static final String OLD_WEBHOOK_SECRET = "whsec_the_one_before";

    @Test
    void theSecretIsNotShownUnderTheVariableItIsReadFrom() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitActuatorAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemEnvironment", Map.of("DOCK_API_KEY", DOCK_KEY,
                                "DOKAI_WEBHOOK_SECRET", WEBHOOK_SECRET, "OLD_DOKAI_WEBHOOK_SECRET", OLD_WEBHOOK_SECRET,
                                "WEBHOOKS_ON", "true"))))
                // as in the README's application.properties
                .withPropertyValues("verifykit.dock.api-key=${DOCK_API_KEY:}",
                        "verifykit.dokai.webhook.secret=${DOKAI_WEBHOOK_SECRET:}",
                        "verifykit.dokai.webhook.secrets[0]=${OLD_DOKAI_WEBHOOK_SECRET:}",
                        // too short to be looked for elsewhere: "true" is not masked everywhere
                        "verifykit.roblox.verification-secret=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EnvironmentEndpoint env = env(context);
                    assertThat(env.environmentEntry("verifykit.dock.api-key").getProperty().getValue())
                            .isEqualTo("******");
                    assertThat(String.valueOf(env.environmentEntry("DOCK_API_KEY").getProperty().getValue()))
                            .as("GET /actuator/env/DOCK_API_KEY").doesNotContain(DOCK_KEY);
                    assertThat(String.valueOf(env.environmentEntry("DOKAI_WEBHOOK_SECRET").getProperty().getValue()))
                            .as("GET /actuator/env/DOKAI_WEBHOOK_SECRET").doesNotContain(WEBHOOK_SECRET);
                    assertThat(String.valueOf(env.environmentEntry("OLD_DOKAI_WEBHOOK_SECRET").getProperty().getValue()))
                            .as("a rotation secret's variable").doesNotContain(OLD_WEBHOOK_SECRET);
                    assertThat(env.environmentEntry("WEBHOOKS_ON").getProperty().getValue())
                            .as("a variable holding a value too short to be a secret").isEqualTo("true");
                });
    }

    /**
     * "a value shorter than 8 characters ... masks nothing": one of exactly 8 is a secret, looked for in
     * the other entries (the variable it is read from, 8 characters too).
     */
    @Test
    void aSecretOfEightCharactersIsNotShownUnderTheVariableItIsReadFrom() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitActuatorAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemEnvironment", Map.of("ROBLOX_SECRET", "rbx-8chr"))))
                .withPropertyValues("verifykit.roblox.verification-secret=${ROBLOX_SECRET:}")
                .run(context -> assertThat(env(context).environmentEntry("ROBLOX_SECRET").getProperty().getValue())
                        .isEqualTo("******"));
    }

    /**
     * "every entry whose value holds ... the password of a {@code verifykit.*.base-url}'s user-info": the
     * variable the password is read from is masked, as a key's is.
     */
    @Test
    void aBaseUrlsPasswordIsNotShownUnderTheVariableItIsReadFrom() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitActuatorAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemEnvironment", Map.of("GATEWAY_PASSWORD", "gw-pass-4Kq9Zt7w"))))
                .withPropertyValues("verifykit.dokai.base-url=https://corp:${GATEWAY_PASSWORD:}@gw.example/dokai")
                .run(context -> assertThat(String.valueOf(
                        env(context).environmentEntry("GATEWAY_PASSWORD").getProperty().getValue()))
                        .doesNotContain("gw-pass-4Kq9Zt7w"));
    }

    /** The secrets are read when the endpoint asks, so a key changed in the environment is masked too. */
    @Test
    void aChangedKeyIsFollowed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitActuatorAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemEnvironment", Map.of("DOCK_API_KEY", DOCK_KEY))))
                .withPropertyValues("verifykit.dock.api-key=${DOCK_API_KEY:}")
                .run(context -> {
                    EnvironmentEndpoint env = env(context);
                    assertThat(env.environmentEntry("DOCK_API_KEY").getProperty().getValue()).isEqualTo("******");

                    context.getEnvironment().getPropertySources().addFirst(
                            new MapPropertySource("rotated", Map.of("DOCK_API_KEY", "dock_live_the_next_key")));

                    assertThat(env.environmentEntry("DOCK_API_KEY").getProperty().getValue()).isEqualTo("******");
                });
    }

    private static EnvironmentEndpoint env(AssertableApplicationContext context) {
        List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
        return new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
    }
}
