/**
 * Spring Boot auto-configuration for VerifyKit. Only {@code dev.verifykit.spring} is exported; both
 * packages are open, for Spring's reflection (configuration classes, property binding, the failure
 * analyzer). verifykit-servlet, verifykit-sse, verifykit-micrometer, verifykit-opentelemetry and the
 * actuator are optional: each part that needs one is configured only when it is present.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.verifykit.spring {
    requires transitive dev.verifykit.core;
    requires transitive spring.boot;
    requires transitive spring.boot.autoconfigure;
    requires spring.beans;
    requires spring.context;
    requires spring.core;
    requires static dev.verifykit.servlet;
    requires static dev.verifykit.sse;
    requires static jakarta.servlet;
    requires static spring.boot.actuator;
    requires static dev.verifykit.micrometer;
    requires static dev.verifykit.opentelemetry;
    requires static micrometer.core;
    requires static io.opentelemetry.api;

    exports dev.verifykit.spring;

    opens dev.verifykit.spring;
    opens dev.verifykit.spring.internal;
}
