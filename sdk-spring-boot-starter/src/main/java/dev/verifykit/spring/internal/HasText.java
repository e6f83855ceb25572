package dev.verifykit.spring.internal;

import java.util.Arrays;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when every one of some properties has text: a credential set to an empty value (as
 * {@code ${DOCK_API_KEY:}} gives when the variable is unset) counts as unset. The values are never
 * shown in the condition report.
 */
public abstract class HasText extends SpringBootCondition {
    private final String[] properties;

    HasText(String... properties) {
        this.properties = properties;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        for (String property : properties) {
            if (!StringUtils.hasText(context.getEnvironment().getProperty(property))) {
                return ConditionOutcome.noMatch(property + " is not set");
            }
        }
        return ConditionOutcome.match(String.join(" and ", Arrays.asList(properties)) + " set");
    }

    /** {@code verifykit.dock.api-key} is set. */
    public static final class DockApiKey extends HasText {
        public DockApiKey() {
            super("verifykit.dock.api-key");
        }
    }

    /** {@code verifykit.dokai.api-key} is set. */
    public static final class DokaiApiKey extends HasText {
        public DokaiApiKey() {
            super("verifykit.dokai.api-key");
        }
    }

    /** {@code verifykit.roblox.base-url} is set. */
    public static final class RobloxBaseUrl extends HasText {
        public RobloxBaseUrl() {
            super("verifykit.roblox.base-url");
        }
    }

    /** {@code verifykit.roblox.base-url} and {@code verifykit.roblox.verification-secret} are set. */
    public static final class RobloxGameServer extends HasText {
        public RobloxGameServer() {
            super("verifykit.roblox.base-url", "verifykit.roblox.verification-secret");
        }
    }
}
