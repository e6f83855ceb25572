package dev.verifykit.spring;

import java.util.Locale;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * With Spring Boot's actuator present: VerifyKit's secrets ({@code verifykit.dock.api-key},
 * {@code verifykit.dokai.api-key}, {@code verifykit.dokai.webhook.secret} and {@code .secrets},
 * {@code verifykit.roblox.verification-secret}) are shown as {@code ******} by the {@code env} and
 * {@code configprops} endpoints even when they are set to show values.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class VerifyKitActuatorAutoConfiguration {
    /** The secret properties, in a form without separators or case (see {@link #isSecret}). */
    private static final Set<String> SECRETS = Set.of("verifykitdockapikey", "verifykitdokaiapikey",
            "verifykitdokaiwebhooksecret", "verifykitdokaiwebhooksecrets", "verifykitrobloxverificationsecret");

    /** Masks VerifyKit's secrets in actuator endpoints. */
    @Bean
    SanitizingFunction verifyKitSecretsSanitizer() {
        return SanitizingFunction.sanitizeValue().ifKeyMatches(VerifyKitActuatorAutoConfiguration::isSecret);
    }

    /**
     * Whether a key names one of the secrets, whatever its form: {@code verifykit.dock.api-key},
     * {@code verifykit.dock.apiKey}, {@code VERIFYKIT_DOCK_APIKEY}, and a list's element as
     * {@code verifykit.dokai.webhook.secrets[0]}, {@code .secrets.0} or {@code VERIFYKIT_DOKAI_WEBHOOK_SECRETS_0}.
     */
    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String flat = key.replaceAll("(\\[[0-9]+\\]|[._][0-9]+)$", "").replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        return SECRETS.contains(flat);
    }
}
