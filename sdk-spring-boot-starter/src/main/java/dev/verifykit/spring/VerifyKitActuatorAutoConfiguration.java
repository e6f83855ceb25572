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
 * {@code configprops} endpoints even when they are set to show values; so are, whole, the entries
 * that carry other properties in their value ({@code SPRING_APPLICATION_JSON},
 * {@code spring.application.json}, the command line in {@code sun.java.command}, and every entry
 * whose name ends in {@code OPTS} or {@code OPTIONS}: the JVM's and the launchers' option variables,
 * {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}, {@code JAVA_OPTS},
 * {@code CATALINA_OPTS}…) when they mention {@code verifykit}.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class VerifyKitActuatorAutoConfiguration {
    /** The secret properties, in a form without separators or case (see {@link #isSecret}). */
    private static final Set<String> SECRETS = Set.of("verifykitdockapikey", "verifykitdokaiapikey",
            "verifykitdokaiwebhooksecret", "verifykitdokaiwebhooksecrets", "verifykitrobloxverificationsecret");

    /** The entries whose value carries other properties, in the form of {@link #flat}. */
    private static final Set<String> CARRIERS = Set.of("springapplicationjson", "sunjavacommand");

    /** Masks VerifyKit's secrets in actuator endpoints, and the entries that may carry them. */
    @Bean
    SanitizingFunction verifyKitSecretsSanitizer() {
        return SanitizingFunction.sanitizeValue()
                .ifMatches(data -> isSecret(data.getKey()) || carriesVerifyKit(data.getKey(), data.getValue()));
    }

    /**
     * Whether a key names one of the secrets, whatever its form: {@code verifykit.dock.api-key},
     * {@code verifykit.dock.apiKey}, {@code VERIFYKIT_DOCK_APIKEY}, and a list's element as
     * {@code verifykit.dokai.webhook.secrets[0]}, {@code .secrets.0} or {@code VERIFYKIT_DOKAI_WEBHOOK_SECRETS_0}.
     */
    static boolean isSecret(String key) {
        return key != null && SECRETS.contains(flat(key.replaceAll("(\\[[0-9]+\\]|[._][0-9]+)$", "")));
    }

    /**
     * Whether an entry that carries properties in its value ({@code SPRING_APPLICATION_JSON} or
     * {@code spring.application.json}, {@code sun.java.command}, a name ending in {@code OPTS} or
     * {@code OPTIONS}) mentions VerifyKit's: it may hold one of the secrets,
     * in a form no key names (nested JSON, {@code --verifykit.dock.api-key=...}, {@code -Dverifykit...}).
     */
    static boolean carriesVerifyKit(String key, Object value) {
        if (key == null || value == null) {
            return false;
        }
        String flat = flat(key);
        // the JVM's and the launchers' option variables: JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, _JAVA_OPTIONS,
        // JAVA_OPTS, CATALINA_OPTS, JAVA_OPTIONS (Jetty), MAVEN_OPTS...
        boolean carrier = CARRIERS.contains(flat) || flat.endsWith("opts") || flat.endsWith("options");
        return carrier && value.toString().toLowerCase(Locale.ROOT).contains("verifykit");
    }

    /** {@code key} without separators or case. */
    private static String flat(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
