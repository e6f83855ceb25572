package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

/**
 * README: with the actuator, env shows ****** for verifykit.*.api-key and the secrets "even with
 * show-values=always". The same key given the usual other ways, as SPRING_APPLICATION_JSON (Cloud
 * Foundry, Kubernetes), on the command line (then also in the sun.java.command system property) or
 * as a -D option in the JVM's option variables (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, the scripts'
 * JAVA_OPTS), was shown in clear in the entry that carries it. Those entries are masked whole when they mention
 * VerifyKit, and only then.
 */
class ActuatorMasksEntriesCarryingSecretsTest {
    private static final String DOCK_KEY = "dock_live_not_to_be_shown";

    @Test
    void theApiKeyIsNotShownThroughTheEntriesThatCarryIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitActuatorAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemEnvironment", Map.of("SPRING_APPLICATION_JSON",
                                "{\"verifykit\":{\"dock\":{\"api-key\":\"" + DOCK_KEY + "\"}}}",
                                "JAVA_TOOL_OPTIONS", "-Xmx512m -Dverifykit.dock.api-key=" + DOCK_KEY,
                                "JDK_JAVA_OPTIONS", "-Dverifykit.dock.api-key=" + DOCK_KEY,
                                "JAVA_OPTS", "-Dverifykit.dock.api-key=" + DOCK_KEY))))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemProperties", Map.of("sun.java.command",
                                "app.jar --verifykit.dock.api-key=" + DOCK_KEY))))
                .run(context -> {
                    List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class)
                            .orderedStream().toList();
                    EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
                    String shown = String.valueOf(env.environmentEntry("SPRING_APPLICATION_JSON").getProperty().getValue())
                            + " " + env.environmentEntry("sun.java.command").getProperty().getValue()
                            + " " + env.environmentEntry("JAVA_TOOL_OPTIONS").getProperty().getValue()
                            + " " + env.environmentEntry("JDK_JAVA_OPTIONS").getProperty().getValue()
                            + " " + env.environmentEntry("JAVA_OPTS").getProperty().getValue();
                    assertThat(shown).doesNotContain(DOCK_KEY);
                });
    }

    @Test
    void anEntryThatCarriesNoVerifyKitPropertyIsShownAsItIs() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitActuatorAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addLast(
                        new MapPropertySource("systemProperties", Map.of("sun.java.command", "app.jar --server.port=8080"))))
                .run(context -> {
                    List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class)
                            .orderedStream().toList();
                    EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
                    assertThat(env.environmentEntry("sun.java.command").getProperty().getValue())
                            .isEqualTo("app.jar --server.port=8080");
                });
    }
}
