package dev.verifykit.spring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when an endpoint's {@code enabled} property is true as Spring Boot binds it into the
 * starter's properties: {@code true}, {@code on}, {@code yes} or {@code 1}, in any case.
 * {@code @ConditionalOnBooleanProperty} matches the text {@code true} alone, so an endpoint enabled
 * with {@code VERIFYKIT_DOKAI_WEBHOOK_ENABLED=1} would be enabled in the properties and silently
 * absent. A value that is no boolean fails the start with Spring Boot's {@code BindException}, which
 * {@link UnconvertibleVerifyKitPropertyFailureAnalyzer} reports by the property's name, never its value.
 */
public abstract class Enabled extends SpringBootCondition {
    private final String property;

    Enabled(String property) {
        this.property = property;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return in(context.getEnvironment(), property) ? ConditionOutcome.match(property + " is true")
                : ConditionOutcome.noMatch(property + " is not true");
    }

    /** Whether {@code property} is bound as true in {@code environment} (unset or empty: false). */
    public static boolean in(Environment environment, String property) {
        return Binder.get(environment).bind(property, Boolean.class).orElse(false);
    }

    /** {@code verifykit.dokai.webhook.enabled} is true. */
    public static final class Webhook extends Enabled {
        public Webhook() {
            super("verifykit.dokai.webhook.enabled");
        }
    }

    /** {@code verifykit.dock.relay.enabled} is true. */
    public static final class Relay extends Enabled {
        public Relay() {
            super("verifykit.dock.relay.enabled");
        }
    }
}
