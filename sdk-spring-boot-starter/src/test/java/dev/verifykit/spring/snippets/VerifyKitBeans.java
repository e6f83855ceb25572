package dev.verifykit.spring.snippets;

import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class VerifyKitBeans {
    /** Called once per verified Dokai event, however often Dokai delivers it; throw to have it sent again. */
    @Bean
    WebhookHandler dokaiEvents(Accounts accounts) {
        return event -> {
            if (event instanceof DokaiWebhookEvent.Completed completed) {
                accounts.kycFinished(completed.session());
            }
        };
    }

    /** Only the signed-in user a Dock session was created for may follow it through the relay. */
    @Bean
    RelayAuthorizer dockSessionOwner(Accounts accounts) {
        return (request, sessionId) -> accounts.ownsDockSession(request.getUserPrincipal(), sessionId);
    }
}
