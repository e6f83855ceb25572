package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM reads _JAVA_OPTIONS too (HotSpot prints "Picked up _JAVA_OPTIONS"),
 * and app servers' scripts read CATALINA_OPTS (Tomcat) and JAVA_OPTIONS (Jetty); a -D key given in
 * them was still shown in clear by the env endpoint after the first fix (found by a review).
 */
class JvmOptionVariablesMaskedTest {
    @ParameterizedTest
    @ValueSource(strings = {"_JAVA_OPTIONS", "CATALINA_OPTS", "JAVA_OPTIONS"})
    void otherJvmOptionVariablesCarryingAKeyAreMasked(String variable) {
        assertThat(VerifyKitActuatorAutoConfiguration.carriesVerifyKit(variable, "-Dverifykit.dock.api-key=dock_live_x"))
                .as(variable).isTrue();
    }
}
