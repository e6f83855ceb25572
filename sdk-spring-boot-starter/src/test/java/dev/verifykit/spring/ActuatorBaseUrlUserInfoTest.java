package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
}
