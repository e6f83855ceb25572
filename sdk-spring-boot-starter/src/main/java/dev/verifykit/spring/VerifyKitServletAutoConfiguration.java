package dev.verifykit.spring;

import dev.verifykit.dock.SessionStreams;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.servlet.DockRelayServlet;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.servlet.RelaySettings;
import dev.verifykit.servlet.WebhookServlet;
import dev.verifykit.spring.internal.Enabled;
import dev.verifykit.spring.internal.InvalidVerifyKitPropertyException;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * VerifyKit's servlets in a servlet web application with verifykit-servlet on the class path:
 * <ul>
 *   <li>the Dokai webhook endpoint ({@link WebhookServlet}) at {@code verifykit.dokai.webhook.path}
 *       when {@code verifykit.dokai.webhook.enabled} is true, calling your {@link WebhookHandler} bean
 *       once per event, with the {@link WebhookVerifier} bean;</li>
 *   <li>the Dock browser relay ({@link DockRelayServlet}) at {@code verifykit.dock.relay.path}{@code /*}
 *       when {@code verifykit.dock.relay.enabled} is true (verifykit-sse on the class path too),
 *       asking your {@link RelayAuthorizer} bean who may follow which session.</li>
 * </ul>
 * An endpoint enabled without what it needs (the bean, the module, a credential) fails startup with
 * a message naming the property.
 */
@AutoConfiguration(after = {VerifyKitAutoConfiguration.class, VerifyKitStreamsAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({WebhookServlet.class, ServletRegistrationBean.class})
public class VerifyKitServletAutoConfiguration {
    static final String WEBHOOK_BEAN = "verifyKitWebhookServlet";
    static final String RELAY_BEAN = "verifyKitDockRelayServlet";
    /** The relay the starter makes (a {@link DockRelay} bean of yours replaces it, and stays yours to close). */
    static final String MADE_RELAY_BEAN = "verifyKitDockRelay";

    /** The webhook endpoint. */
    @Bean(WEBHOOK_BEAN)
    @Conditional(Enabled.Webhook.class)
    ServletRegistrationBean<WebhookServlet> verifyKitWebhookServlet(DokaiProperties properties,
            WebhookVerifier verifier, ObjectProvider<WebhookHandler> handlers) {
        WebhookHandler handler = handlers.getIfUnique();
        if (handler == null) {
            throw new InvalidVerifyKitPropertyException("verifykit.dokai.webhook.enabled",
                    "is true, but the context has no single WebhookHandler bean to handle the events");
        }
        String given = properties.getWebhook().getPath();
        String path = VerifyKitAutoConfiguration.path("verifykit.dokai.webhook.path", given);
        ServletRegistrationBean<WebhookServlet> registration =
                new ServletRegistrationBean<>(new WebhookServlet(verifier, handler), path);
        if (!path.equals(given)) {
            // the path as given, its trailing / kept, is where the application tells Dokai to post: served too
            registration.addUrlMappings(given);
        }
        registration.setName("verifyKitWebhook");
        return registration;
    }

    /** The browser relay (needs verifykit-sse for the Dock session streams). */
    @Configuration(proxyBeanMethods = false)
    @Conditional(Enabled.Relay.class)
    @ConditionalOnClass(DockSessionStreams.class)
    static class Relay {
        @Bean(name = MADE_RELAY_BEAN, destroyMethod = "close")
        @ConditionalOnMissingBean
        DockRelay verifyKitDockRelay(DockProperties properties, ObjectProvider<SessionStreams> streams) {
            SessionStreams sessionStreams = streams.getIfUnique();
            if (sessionStreams == null) {
                throw new InvalidVerifyKitPropertyException("verifykit.dock.api-key",
                        "must be set when verifykit.dock.relay.enabled is true (the relay follows sessions with it),"
                                + " unless the context has one DockClient bean, or a primary one");
            }
            DockProperties.Relay relay = properties.getRelay();
            RelaySettings settings = InvalidVerifyKitPropertyException.translating("verifykit.dock.relay", relay,
                    "the Dock relay", () -> {
                        RelaySettings.Builder builder = RelaySettings.builder();
                        VerifyKitAutoConfiguration.set(relay.getKeepAlive(), builder::keepAlive);
                        VerifyKitAutoConfiguration.set(relay.getRetry(), builder::retry);
                        VerifyKitAutoConfiguration.set(relay.getMaxBufferedBytes(), builder::maxBufferedBytes);
                        VerifyKitAutoConfiguration.set(relay.getMaxSessions(), builder::maxSessions);
                        VerifyKitAutoConfiguration.set(relay.getMaxBrowsersPerSession(), builder::maxBrowsersPerSession);
                        VerifyKitAutoConfiguration.set(relay.getMaxBrowsers(), builder::maxBrowsers);
                        VerifyKitAutoConfiguration.set(relay.getMaxEndedBytes(), builder::maxEndedBytes);
                        return builder.build();
                    });
            return DockRelay.create(sessionStreams, settings);
        }

        /**
         * Ends the browsers' streams of the relay the starter made when the context closes, in the
         * lifecycle phase before the web server's graceful shutdown, which would otherwise wait for
         * them (they never end on their own). Only this context's close (not a child context's, nor a
         * stop without a close), and never a relay of yours.
         */
        @Bean
        SmartLifecycle verifyKitDockRelayShutdown(ApplicationContext context) {
            return new CloseStep(context, ClientShutdown.PHASE + 1, () -> {
                // made already: a relay never asked for (a lazy bean) is not made now only to be closed
                if (context.getAutowireCapableBeanFactory() instanceof SingletonBeanRegistry made
                        ? made.containsSingleton(MADE_RELAY_BEAN) : context.containsLocalBean(MADE_RELAY_BEAN)) {
                    context.getBean(MADE_RELAY_BEAN, DockRelay.class).close();
                }
            });
        }

        @Bean(RELAY_BEAN)
        ServletRegistrationBean<DockRelayServlet> verifyKitDockRelayServlet(DockProperties properties, DockRelay relay,
                ObjectProvider<RelayAuthorizer> authorizers) {
            RelayAuthorizer authorizer = authorizers.getIfUnique();
            if (authorizer == null) {
                throw new InvalidVerifyKitPropertyException("verifykit.dock.relay.enabled",
                        "is true, but the context has no single RelayAuthorizer bean to decide who may follow a session");
            }
            String path = VerifyKitAutoConfiguration.path("verifykit.dock.relay.path", properties.getRelay().getPath());
            ServletRegistrationBean<DockRelayServlet> registration =
                    new ServletRegistrationBean<>(new DockRelayServlet(relay, authorizer), path + "/*");
            registration.setName("verifyKitDockRelay");
            registration.setAsyncSupported(true);
            return registration;
        }
    }
}
