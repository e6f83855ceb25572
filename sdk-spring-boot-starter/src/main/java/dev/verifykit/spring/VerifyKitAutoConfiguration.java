package dev.verifykit.spring;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.ClientBuilder;
import dev.verifykit.internal.Require;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.spring.internal.Enabled;
import dev.verifykit.spring.internal.HasText;
import dev.verifykit.spring.internal.InvalidVerifyKitPropertyException;
import dev.verifykit.time.internal.SystemScheduler;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * VerifyKit's clients from {@code verifykit.*} properties, each made only when its credentials are
 * set. When the context closes, their waits end beside the web server's graceful shutdown (so that a
 * request blocked in a wait does not hold it, while the requests in flight may still make single
 * calls), and they are closed once the web server has stopped and their calls outside waits have ended:
 * <ul>
 *   <li>{@link DockClient} when {@code verifykit.dock.api-key} has text, keeping its guardrails in your
 *       {@link GuardrailStore} bean if there is one (with verifykit-sse on the class path,
 *       {@link VerifyKitStreamsAutoConfiguration} adds {@link SessionStreams} over it);</li>
 *   <li>{@link DokaiClient} when {@code verifykit.dokai.api-key} has text;</li>
 *   <li>{@link RobloxVerificationClient} when {@code verifykit.roblox.base-url} has text, and
 *       {@link RobloxGameServerClient} when {@code verifykit.roblox.verification-secret} has text too;</li>
 *   <li>{@link WebhookVerifier} when {@code verifykit.dokai.webhook.enabled} is true (with your
 *       {@link ReplayGuard} bean, if there is one).</li>
 * </ul>
 * Each builder gets the properties, then every {@link VerifyKitClientCustomizer}, then the client's own
 * customizers ({@link DockClientCustomizer}, ...), then <b>every {@link VerifyKitListener} bean</b> of
 * the context (this is how metrics and tracing are wired: a module that records them contributes a
 * {@code VerifyKitListener} bean, and every client reports to it). The listeners come last so that a
 * customizer replacing the HTTP settings ({@code httpSettings(...)}) does not drop them; one that a
 * customizer adds as well is still told once. A bean of a client's type that you define replaces the
 * auto-configured one. A refused value fails startup with a message naming the property, never its value.
 */
@AutoConfiguration
@EnableConfigurationProperties({DockProperties.class, DokaiProperties.class, RobloxProperties.class})
public class VerifyKitAutoConfiguration {

    /**
     * Finishes a client: the HTTP properties, the shared customizers, the client's own customizers,
     * every listener (after the customizers, which may replace the HTTP settings and the listeners
     * with them), then {@code build()}, whose refusal names the property.
     */
    static <B extends ClientBuilder<B>, C, T extends AutoCloseable> T build(String prefix, ClientProperties properties,
            String what, B builder, Beans beans, ObjectProvider<C> own, BiConsumer<C, B> apply, Function<B, T> build) {
        properties.applyTo(builder);
        boolean[] customized = new boolean[1];
        beans.customizers().orderedStream().forEach(customizer -> {
            customized[0] = true;
            customizer.customize(builder);
        });
        own.orderedStream().forEach(customizer -> {
            customized[0] = true;
            apply.accept(customizer, builder);
        });
        builder.listener(beans.shutdown().listener());
        beans.listeners().forEach(builder::listener);
        // with customizers, a refused setting whose property is unset is theirs, not a property to look for in vain
        return beans.shutdown().closeAtShutdown(InvalidVerifyKitPropertyException.translating(prefix, properties, what,
                customized[0], () -> build.apply(builder)));
    }

    /** What every client takes from the context. */
    record Beans(ObjectProvider<VerifyKitListener> listenerBeans, ObjectProvider<VerifyKitClientCustomizer> customizers,
            ClientShutdown shutdown, ListableBeanFactory factory) {

        /**
         * The listener beans in order, without a metrics or tracing listener of the starter's when the
         * application has its own of that class under another declared type (a {@code VerifyKitListener}
         * bean, which {@code @ConditionalOnMissingBean} cannot see): it would count every call twice.
         */
        List<VerifyKitListener> listeners() {
            List<VerifyKitListener> all = listenerBeans.orderedStream().toList();
            return all.stream().filter(listener -> !VerifyKitObservabilityAutoConfiguration.replaced(listener, all, factory))
                    .toList();
        }
    }

    @Bean
    static Beans verifyKitClientBeans(ObjectProvider<VerifyKitListener> listeners,
            ObjectProvider<VerifyKitClientCustomizer> customizers, ClientShutdown shutdown, ListableBeanFactory factory) {
        return new Beans(listeners, customizers, shutdown, factory);
    }

    /**
     * Ends the clients' waits beside the web server's graceful shutdown, so that no wait holds it, and
     * closes them after the server's stop, once their calls outside waits have ended (for at most
     * {@code spring.lifecycle.timeout-per-shutdown-phase}).
     */
    @Bean
    static ClientShutdown verifyKitClientShutdown(Environment environment) {
        return new ClientShutdown(Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class).orElse(Duration.ofSeconds(30)));
    }

    /**
     * The clients and the webhook verifier are made at startup even with
     * {@code spring.main.lazy-initialization}: their settings are checked as they are made, and wrong
     * ones fail startup, not an application's first call. So are the properties, bound at startup:
     * a misspelt name ({@code api-kye}), which leaves its client unmade, fails the start too.
     */
    @Bean
    static LazyInitializationExcludeFilter verifyKitEagerClients() {
        return LazyInitializationExcludeFilter.forBeanTypes(DockClient.class, DokaiClient.class,
                RobloxVerificationClient.class, RobloxGameServerClient.class, WebhookVerifier.class,
                DockProperties.class, DokaiProperties.class, RobloxProperties.class);
    }

    /** Ends the clients' waits beside the web server's graceful shutdown (see {@link ClientShutdown}). */
    @Bean
    static SmartLifecycle verifyKitClientWaitsEnd(ClientShutdown shutdown) {
        return shutdown.waitsEnd();
    }

    /** The Dock client, when {@code verifykit.dock.api-key} is set. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(HasText.DockApiKey.class)
    static class Dock {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        DockClient verifyKitDockClient(DockProperties properties, Beans beans, ObjectProvider<DockClientCustomizer> own,
                ObjectProvider<GuardrailStore> store) {
            DockClient.Builder builder = DockClient.builder().apiKey(properties.getApiKey());
            builder.guardrails(InvalidVerifyKitPropertyException.translating("verifykit.dock.guardrails",
                    properties.getGuardrails(), "the Dock guardrails", properties.getGuardrails()::toGuardrails));
            store.ifAvailable(builder::guardrailStore); // e.g. a RedisGuardrailStore shared by several instances
            set(properties.getPlan(), builder::plan);
            set(properties.getCreateTokenWait(), builder::createTokenWait);
            return build("verifykit.dock", properties, "the Dock client", builder, beans, own,
                    DockClientCustomizer::customize, DockClient.Builder::build);
        }
    }

    /** The Dokai client, when {@code verifykit.dokai.api-key} is set. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(HasText.DokaiApiKey.class)
    static class Dokai {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        DokaiClient verifyKitDokaiClient(DokaiProperties properties, Beans beans,
                ObjectProvider<DokaiClientCustomizer> own) {
            DokaiClient.Builder builder = DokaiClient.builder().apiKey(properties.getApiKey());
            set(properties.getInitialPollInterval(), builder::initialPollInterval);
            set(properties.getMaxPollInterval(), builder::maxPollInterval);
            set(properties.getSessionLifetime(), builder::sessionLifetime);
            return build("verifykit.dokai", properties, "the Dokai client", builder, beans, own,
                    DokaiClientCustomizer::customize, DokaiClient.Builder::build);
        }
    }

    /** The Roblox verification client, when {@code verifykit.roblox.base-url} is set. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(HasText.RobloxBaseUrl.class)
    static class Roblox {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RobloxVerificationClient verifyKitRobloxVerificationClient(RobloxProperties properties, Beans beans,
                ObjectProvider<RobloxVerificationClientCustomizer> own) {
            RobloxVerificationClient.Builder builder = RobloxVerificationClient.builder();
            set(properties.getTransformer(), builder::transformer);
            set(properties.getCheckInterval(), builder::checkInterval);
            set(properties.getMinCheckInterval(), builder::minCheckInterval);
            set(properties.getSessionLifetime(), builder::sessionLifetime);
            set(properties.getRefreshSkew(), builder::refreshSkew);
            return build("verifykit.roblox", properties, "the Roblox verification client", builder, beans, own,
                    RobloxVerificationClientCustomizer::customize, RobloxVerificationClient.Builder::build);
        }
    }

    /** The Roblox game-server client, when {@code verifykit.roblox.base-url} and {@code verification-secret} are set. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(HasText.RobloxGameServer.class)
    static class RobloxGameServer {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        RobloxGameServerClient verifyKitRobloxGameServerClient(RobloxProperties properties, Beans beans,
                ObjectProvider<RobloxGameServerClientCustomizer> own) {
            RobloxGameServerClient.Builder builder = RobloxGameServerClient.builder()
                    .verificationSecret(properties.getVerificationSecret());
            set(properties.getTransformer(), builder::transformer);
            return build("verifykit.roblox", properties, "the Roblox game-server client", builder, beans, own,
                    RobloxGameServerClientCustomizer::customize, RobloxGameServerClient.Builder::build);
        }
    }

    /** The webhook verifier, when {@code verifykit.dokai.webhook.enabled} is true (or {@code on}, {@code yes}, {@code 1}). */
    @Configuration(proxyBeanMethods = false)
    @Conditional(Enabled.Webhook.class)
    static class Webhook {
        /**
         * The timer of the verifier (which extends a delivery's claim while its handler runs), ended with
         * the context: the JVM-wide {@code Scheduler.system()}'s thread would outlive it by 30 s. A bean of
         * the starter's own type, not a {@code Scheduler}: the application's own {@code Scheduler} bean
         * stays the only one, injected by type.
         */
        @Bean(destroyMethod = "close")
        WebhookTimer verifyKitWebhookTimer() {
            return new WebhookTimer(SystemScheduler.newTimer());
        }

        @Bean
        @ConditionalOnMissingBean
        WebhookVerifier verifyKitWebhookVerifier(DokaiProperties properties, ObjectProvider<ReplayGuard> replayGuard,
                Beans beans, WebhookTimer timer) {
            DokaiProperties.Webhook webhook = properties.getWebhook();
            String prefix = "verifykit.dokai.webhook";
            boolean single = StringUtils.hasText(webhook.getSecret());
            if (!single && (webhook.getSecrets() == null || webhook.getSecrets().isEmpty())) {
                throw new InvalidVerifyKitPropertyException(prefix + ".secret",
                        "must be set when " + prefix + ".enabled is true");
            }
            if (webhook.getTolerance() != null && webhook.getTolerance().compareTo(MAX_WEBHOOK_TOLERANCE) > 0) {
                // a live endpoint: a delivery older than that is a replay (and the in-memory guard forgets after 24 h)
                throw new InvalidVerifyKitPropertyException(prefix + ".tolerance", "must be at most 1 hour (was "
                        + Require.seconds(webhook.getTolerance()) + " s; a bare number is seconds: write 300000ms for milliseconds)");
            }
            // the builder names a refused secret "secret" or "secrets[i]", as these properties are named
            return InvalidVerifyKitPropertyException.translating(prefix, webhook, "the webhook verifier", () -> {
                WebhookVerifier.Builder builder = WebhookVerifier.builder().scheduler(timer.scheduler());
                if (single) {
                    builder.secret(webhook.getSecret());
                }
                if (webhook.getSecrets() != null) {
                    builder.secrets(webhook.getSecrets());
                }
                set(webhook.getTolerance(), builder::tolerance);
                set(webhook.getMaxBodyBytes(), builder::maxBodyBytes);
                replayGuard.ifAvailable(builder::replayGuard);
                beans.listeners().forEach(builder::listener);
                return builder.build();
            });
        }
    }

    /** The webhook verifier's timer, ended with the context; of a type no application injects. */
    record WebhookTimer(SystemScheduler scheduler) implements AutoCloseable {
        @Override
        public void close() {
            scheduler.close();
        }
    }

    /**
     * Fails startup when an endpoint was enabled but could not be registered (verifykit-servlet or
     * verifykit-sse missing, or not a servlet web application), rather than leaving it silently absent.
     */
    @Bean
    static SmartInitializingSingleton verifyKitEndpointCheck(Environment environment, ListableBeanFactory beans) {
        return () -> {
            check(environment, beans, "verifykit.dokai.webhook.enabled", VerifyKitServletAutoConfiguration.WEBHOOK_BEAN,
                    "verifykit-servlet on the class path and a servlet web application");
            check(environment, beans, "verifykit.dock.relay.enabled", VerifyKitServletAutoConfiguration.RELAY_BEAN,
                    "verifykit-servlet and verifykit-sse on the class path and a servlet web application");
        };
    }

    private static void check(Environment environment, ListableBeanFactory beans, String property, String bean,
            String needs) {
        // bound as the endpoints' conditions and the properties bind it (a value that is no boolean failed the start there)
        if (Enabled.in(environment, property) && !beans.containsBean(bean)) {
            throw new InvalidVerifyKitPropertyException(property, "is true, but the endpoint needs " + needs);
        }
    }

    /** The longest {@code verifykit.dokai.webhook.tolerance} an endpoint takes: the verifier's own bound, checked first to add the unit hint. */
    static final Duration MAX_WEBHOOK_TOLERANCE = Duration.ofHours(1);

    /** Calls the setter when the value was given. */
    static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /**
     * Checks a path property: absolute, below the root, no wildcard, query or fragment; without a
     * trailing /. A refusal names the rule broken, never the value (a secret given on a swapped line).
     */
    static String path(String property, String value) {
        String trimmed = value != null && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        String broken = brokenPathRule(value, trimmed);
        if (broken != null) {
            throw new InvalidVerifyKitPropertyException(property, "must be a path starting with /, not / itself,"
                    + " without //, *, ?, #, %, ;, \\, . or .. segments, spaces or control characters (" + broken + ")");
        }
        return Objects.requireNonNull(trimmed);
    }

    /** Which of the path's rules {@code value} breaks (as {@code trimmed}, its trailing / dropped), or null. */
    private static String brokenPathRule(String value, String trimmed) {
        if ("/".equals(value)) {
            return "it is / itself";
        }
        if (!StringUtils.hasText(trimmed)) {
            return "it is blank";
        }
        if (!trimmed.startsWith("/")) {
            return "it does not start with /";
        }
        // the value as given: a trailing / dropped from "//" or "/a//" leaves a "//" still; a ; starts a
        // path parameter, which the container cuts off before mapping, and Tomcat refuses a \ in any
        // request path, as sent or escaped: such a mapping is reached by no request
        for (String refused : List.of("//", "*", "?", "#", "%", ";", "\\")) {
            if (value.contains(refused)) {
                return "it has " + refused;
            }
        }
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return c == ' ' ? "it has a space" : "it has a control character at index " + i;
            }
        }
        // a container matches mappings against the request's path normalised and decoded: a mapping
        // with a . or .. segment, or an escape, matches no request (an endpoint silently unreachable)
        for (String segment : trimmed.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return "it has a " + segment + " segment";
            }
        }
        return null;
    }
}
