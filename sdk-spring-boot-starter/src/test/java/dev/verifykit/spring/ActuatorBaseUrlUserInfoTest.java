package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.EnvironmentEntryDescriptor;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.PropertySourceEntryDescriptor;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * {@link ClientProperties#shownUrl}: a base URL's user-info ({@code user:password@}, which the clients
 * refuse at build) is left out of the properties' {@code toString()} "since this text is shown whether
 * a client was built or not". A base URL set for a client that is not made (its key unset) is never
 * refused, and the actuator's {@code env} and {@code configprops} endpoints, which the starter's
 * sanitizer covers for VerifyKit's secrets, show the password in it.
 */
class ActuatorBaseUrlUserInfoTest {
    /** A long password, and one shorter than the secrets looked for elsewhere (a gateway's {@code pw-2024}). */
    @ParameterizedTest
    @ValueSource(strings = {"gw-pass-4Kq9Zt7w", "pw-2024"})
    void aBaseUrlsPasswordIsNotShownByTheActuator(String password) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitActuatorAutoConfiguration.class))
                // no Dokai key (yet): no client is made, so nothing refuses the URL
                .withPropertyValues("verifykit.dokai.base-url=https://corp:" + password + "@gw.example/dokai")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(DokaiProperties.class).toString()).doesNotContain(password);
                    List<SanitizingFunction> sanitizers =
                            context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();

                    EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
                    assertThat(String.valueOf(env.environmentEntry("verifykit.dokai.base-url").getProperty().getValue()))
                            .as("GET /actuator/env/verifykit.dokai.base-url").doesNotContain(password);

                    String report = StarterConfigurationTest.configpropsReport(context, sanitizers);
                    assertThat(report).as("GET /actuator/configprops/verifykit").contains("dokai")
                            .doesNotContain(password);
                });
    }

    /**
     * The actuator's {@code env} endpoint lists a property's value in every source, the ones another
     * overrides too. A base URL with user-info in {@code application.properties}, overridden (by a variable,
     * a profile) with one without, is no longer the one bound: its password must still not be shown
     * ({@link VerifyKitActuatorAutoConfiguration}: "every entry whose value holds ... the password of a
     * {@code verifykit.*.base-url}'s user-info").
     */
    @Test
    void anOverriddenBaseUrlsPasswordIsNotShownByTheEnvEndpoint() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitActuatorAutoConfiguration.class))
                // as application.properties: below the variables and the command line
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(new MapPropertySource(
                        "Config resource 'class path resource [application.properties]'",
                        Map.of("verifykit.dokai.base-url", "https://corp:" + "gw-pass-4Kq9Zt7w" + "@gw.example/dokai"))))
                // as an environment variable set on the production host: it wins
                .withPropertyValues("verifykit.dokai.base-url=https://gw.example/dokai")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    List<SanitizingFunction> sanitizers =
                            context.getBeanProvider(SanitizingFunction.class).orderedStream().toList();
                    EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
                    EnvironmentEntryDescriptor entry = env.environmentEntry("verifykit.dokai.base-url");
                    StringBuilder shown = new StringBuilder();
                    for (PropertySourceEntryDescriptor source : entry.getPropertySources()) {
                        if (source.getProperty() != null) {
                            shown.append(source.getName()).append(" = ").append(source.getProperty().getValue()).append('\n');
                        }
                    }
                    assertThat(shown.toString()).as("GET /actuator/env/verifykit.dokai.base-url")
                            .contains("application.properties").doesNotContain("gw-pass-4Kq9Zt7w");
                    assertThat(String.valueOf(env.environment(null).getPropertySources())).as("GET /actuator/env")
                            .doesNotContain("gw-pass-4Kq9Zt7w");
                });
    }
}
