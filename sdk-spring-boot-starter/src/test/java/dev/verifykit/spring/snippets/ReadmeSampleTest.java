package dev.verifykit.spring.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dokai.KycSession;
import dev.verifykit.servlet.RelayAuthorizer;
import dev.verifykit.spring.VerifyKitAutoConfiguration;
import dev.verifykit.spring.VerifyKitServletAutoConfiguration;
import dev.verifykit.spring.VerifyKitStreamsAutoConfiguration;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;

/** The README's Spring Boot sample does what the README says, with the README's properties. */
class ReadmeSampleTest {
    private static final String SECRET = "whsec_readme";
    private static final String BODY = "{\"id\":\"ver_readme\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}";

    private final List<String> finished = new CopyOnWriteArrayList<>();
    private final Accounts accounts = new Accounts() {
        @Override
        public void kycFinished(KycSession session) {
            finished.add(session.id());
        }

        @Override
        public boolean ownsDockSession(Principal user, String sessionId) {
            return user != null && user.getName().equals("alice") && sessionId.equals("ses_alice");
        }
    };

    @Test
    void theHandlerAndAuthorizerBeansServeTheEndpointsTheReadmeEnables() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitStreamsAutoConfiguration.class, VerifyKitServletAutoConfiguration.class))
                .withUserConfiguration(VerifyKitBeans.class)
                .withBean(Accounts.class, () -> accounts)
                .withPropertyValues("verifykit.dock.api-key=dock_test_free", "verifykit.dock.relay.enabled=true",
                        "verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=" + SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(ServletRegistrationBean.class).values())
                            .flatExtracting(ServletRegistrationBean::getUrlMappings)
                            .containsExactlyInAnyOrder("/verifykit/dokai/webhook", "/verifykit/dock/sessions/*");

                    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
                    WebhookOutcome outcome = context.getBean(WebhookVerifier.class)
                            .handle(body, WebhookSigner.of(SECRET).sign(body), context.getBean(WebhookHandler.class));
                    assertThat(outcome.httpStatus()).isEqualTo(200);
                    assertThat(finished).containsExactly("ver_readme");

                    RelayAuthorizer authorizer = context.getBean(RelayAuthorizer.class);
                    MockHttpServletRequest alice = new MockHttpServletRequest();
                    alice.setUserPrincipal(() -> "alice");
                    assertThat(authorizer.mayWatch(alice, "ses_alice")).isTrue();
                    assertThat(authorizer.mayWatch(alice, "ses_bob")).isFalse();
                    assertThat(authorizer.mayWatch(new MockHttpServletRequest(), "ses_alice")).isFalse();
                });
    }
}
