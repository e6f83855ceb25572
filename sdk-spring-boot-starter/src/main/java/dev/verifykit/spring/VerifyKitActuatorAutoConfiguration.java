package dev.verifykit.spring;

import dev.verifykit.internal.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * With Spring Boot's actuator present: VerifyKit's secrets ({@code verifykit.dock.api-key},
 * {@code verifykit.dokai.api-key}, {@code verifykit.dokai.webhook.secret} and {@code .secrets},
 * {@code verifykit.roblox.verification-secret}) are shown as {@code ******} by the {@code env} and
 * {@code configprops} endpoints even when they are set to show values; so is every entry whose value
 * holds one of them, or the password of a {@code verifykit.*.base-url}'s user-info (which the clients
 * refuse, but only when they are made), as the secrets are bound now (a key read from a variable,
 * {@code verifykit.dock.api-key=${DOCK_API_KEY:}}, is masked as {@code DOCK_API_KEY} too; a value
 * shorter than {@value #MIN_SECRET_LENGTH} characters is no secret of anyone's, and masks nothing, but
 * a base URL's user-info is looked for with its {@code @} whatever its length); so is, whole, a
 * {@code verifykit.*.base-url} entry with user-info in any property source, the one bound or one
 * another source overrides (the {@code env} endpoint lists every source's value); so
 * are, whole, the entries that carry other properties in their value ({@code SPRING_APPLICATION_JSON},
 * {@code spring.application.json}, the command line in {@code sun.java.command}, and every entry
 * whose name ends in {@code OPTS} or {@code OPTIONS}: the JVM's and the launchers' option variables,
 * {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}, {@code JAVA_OPTS},
 * {@code CATALINA_OPTS}…) when they mention {@code verifykit}.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class VerifyKitActuatorAutoConfiguration {
    /** The secret properties holding one value. */
    private static final List<String> SECRET_PROPERTIES = List.of("verifykit.dock.api-key", "verifykit.dokai.api-key",
            "verifykit.dokai.webhook.secret", "verifykit.roblox.verification-secret");
    /** The secret property holding a list: the webhook's secrets while rotating. */
    private static final String ROTATION_SECRETS = "verifykit.dokai.webhook.secrets";
    /**
     * The base URLs, whose user-info's password is a secret: the clients refuse a URL with user-info,
     * but only when they are made (a client whose key is unset is not), so it may stay in the settings.
     */
    private static final List<String> BASE_URLS = List.of("verifykit.dock.base-url", "verifykit.dokai.base-url",
            "verifykit.roblox.base-url");

    /** The base URLs in a form without separators or case (see {@link #isBaseUrlWithUserInfo}). */
    private static final Set<String> BASE_URL_KEYS = BASE_URLS.stream().map(VerifyKitActuatorAutoConfiguration::flat)
            .collect(Collectors.toUnmodifiableSet());

    /** The secret properties in a form without separators or case (see {@link #isSecret}). */
    private static final Set<String> SECRETS = Stream.concat(SECRET_PROPERTIES.stream(), Stream.of(ROTATION_SECRETS))
            .map(VerifyKitActuatorAutoConfiguration::flat).collect(Collectors.toUnmodifiableSet());

    /**
     * The shortest secret value looked for in other entries: a shorter one ({@code true}, a port, a
     * test's placeholder) would mask every entry that happens to hold it, and is no credential.
     */
    static final int MIN_SECRET_LENGTH = 8;

    /** The entries whose value carries other properties, in the form of {@link #flat}. */
    private static final Set<String> CARRIERS = Set.of("springapplicationjson", "sunjavacommand");

    /** Masks VerifyKit's secrets in actuator endpoints, the entries holding their values, and those that may carry them. */
    @Bean
    SanitizingFunction verifyKitSecretsSanitizer(Environment environment) {
        return SanitizingFunction.sanitizeValue().ifMatches(data -> isSecret(data.getKey())
                || isBaseUrlWithUserInfo(data.getKey(), data.getValue())
                || carriesVerifyKit(data.getKey(), data.getValue()) || holdsSecret(data.getValue(), environment));
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
     * Whether an entry is a base URL ({@code verifykit.dock.base-url}, in any form) whose value has
     * user-info: whatever its source, the one bound or one another source overrides (the {@code env}
     * endpoint lists every source's), its password is a secret.
     */
    static boolean isBaseUrlWithUserInfo(String key, Object value) {
        return key != null && value != null && BASE_URL_KEYS.contains(flat(key))
                && ClientProperties.userInfo(value.toString()) != null;
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

    /**
     * Whether a value holds one of the secrets as they are bound from {@code environment} now (read at
     * each call, so a changed environment is followed; never kept or logged).
     */
    static boolean holdsSecret(Object value, Environment environment) {
        if (value == null) {
            return false;
        }
        String text = value.toString();
        return text.length() >= MIN_SECRET_LENGTH && secrets(environment).stream().anyMatch(text::contains);
    }

    /**
     * The secrets' values as the clients use them (without the spaces, tabs and line breaks around
     * what the properties bind: a {@code .properties} line keeps a trailing space), each at least
     * {@link #MIN_SECRET_LENGTH} long; and a base URL's user-info with its {@code @}, whatever its length.
     */
    private static List<String> secrets(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> bound = new ArrayList<>();
        for (String property : SECRET_PROPERTIES) {
            binder.bind(property, String.class).ifBound(bound::add);
        }
        binder.bind(ROTATION_SECRETS, Bindable.listOf(String.class)).ifBound(bound::addAll);
        List<String> values = new ArrayList<>();
        for (String property : BASE_URLS) {
            binder.bind(property, String.class).map(ClientProperties::userInfo).ifBound(userInfo -> {
                // its password ('user:password', or all of it), looked for as the secrets are; and the user-info
                // with its '@' whatever the password's length: the URL's own entry (no secret key) holds it there
                bound.add(userInfo.substring(userInfo.indexOf(':') + 1));
                if (!userInfo.isEmpty()) {
                    values.add(userInfo + "@");
                }
            });
        }
        for (String secret : bound) {
            if (secret != null && !secret.isBlank()) {
                String used = Require.notBlank("secret", secret);
                if (used.length() >= MIN_SECRET_LENGTH) {
                    values.add(used);
                }
            }
        }
        return values;
    }

    /** {@code key} without separators or case. */
    private static String flat(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
