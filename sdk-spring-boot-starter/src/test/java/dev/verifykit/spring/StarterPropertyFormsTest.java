package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The forms Spring Boot accepts for a setting: environment variables, relaxed names, durations. */
class StarterPropertyFormsTest {
    private static final String DOCK_KEY = "dock_test_free_not_to_be_shown";

    private final ApplicationContextRunner plain = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class));

    /** The context's environment with {@code variables} as the process environment, as SpringApplication attaches it. */
    private ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return plain.withInitializer(context -> {
            context.getEnvironment().getPropertySources().addLast(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
            ConfigurationPropertySources.attach(context.getEnvironment());
        });
    }

    @Test
    void theSecretsBindFromEnvironmentVariablesInBothForms() {
        for (String name : new String[] {"VERIFYKIT_DOCK_APIKEY", "VERIFYKIT_DOCK_API_KEY"}) {
            withEnvironment(Map.of(name, DOCK_KEY, "VERIFYKIT_DOCK_CREATE_TOKEN_WAIT", "5s")).run(context -> {
                assertThat(context).as(name).hasNotFailed().hasSingleBean(DockClient.class);
                assertThat(context.getBean(DockProperties.class).getApiKey()).as(name).isEqualTo(DOCK_KEY);
                assertThat(context.getBean(DockProperties.class).getCreateTokenWait()).isEqualTo(Duration.ofSeconds(5));
            });
        }
        withEnvironment(Map.of("VERIFYKIT_ROBLOX_BASE_URL", "http://127.0.0.1:9/roblox",
                "VERIFYKIT_ROBLOX_VERIFICATION_SECRET", "roblox_secret_not_to_be_shown"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RobloxGameServerClient.class));
    }

    @Test
    void durationsBindInEachOfSpringsForms() {
        plain.withPropertyValues("verifykit.dock.api-key=" + DOCK_KEY, "verifykit.dock.connect-timeout=10s",
                        "verifykit.dock.read-timeout=PT20S", "verifykit.dock.call-timeout=1500",
                        "verifykit.dock.guardrails.maxWait=20s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DockProperties properties = context.getBean(DockProperties.class);
                    assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(properties.getCallTimeout()).isEqualTo(Duration.ofMillis(1500));
                    assertThat(properties.getGuardrails().getMaxWait()).isEqualTo(Duration.ofSeconds(20));
                });
    }

    /**
     * A webhook's t= is in seconds and Spring reads a bare number as milliseconds: a tolerance of
     * "300" copied as 5 minutes was 300 ms, and every delivery was refused as too old (lost).
     */
    @Test
    void aBareWebhookToleranceIsSeconds() {
        plain.withPropertyValues("verifykit.dokai.webhook.tolerance=300", "verifykit.dokai.webhook.secrets[0]=s")
                .run(context -> assertThat(context.getBean(DokaiProperties.class).getWebhook().getTolerance())
                        .isEqualTo(Duration.ofMinutes(5)));
        plain.withPropertyValues("verifykit.dokai.webhook.tolerance=300ms")
                .run(context -> assertThat(context.getBean(DokaiProperties.class).getWebhook().getTolerance())
                        .isEqualTo(Duration.ofMillis(300)));
    }

    /**
     * README: the webhook's {@code secrets} are "for rotation", beside {@code secret}: a list binds in
     * Spring's forms, one comma-separated value and indexed environment variables, and a delivery
     * signed under the single secret or any of the list's is handled, one under another secret refused.
     */
    @Test
    void theRotationSecretsBindAsACommaSeparatedListOrIndexedVariablesAndEachVerifies() {
        WebApplicationContextRunner web = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VerifyKitAutoConfiguration.class,
                        VerifyKitServletAutoConfiguration.class))
                .withBean(WebhookHandler.class, () -> event -> {})
                .withPropertyValues("verifykit.dokai.webhook.enabled=true", "verifykit.dokai.webhook.secret=whsec_current");
        web.withPropertyValues("verifykit.dokai.webhook.secrets=whsec_next, whsec_after_next")
                .run(context -> assertEachSecretVerifies(context.getBean(WebhookVerifier.class)));
        web.withInitializer(context -> {
            context.getEnvironment().getPropertySources().addLast(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                            "VERIFYKIT_DOKAI_WEBHOOK_SECRETS_0", "whsec_next", "VERIFYKIT_DOKAI_WEBHOOK_SECRETS_1", "whsec_after_next")));
            ConfigurationPropertySources.attach(context.getEnvironment());
        }).run(context -> assertEachSecretVerifies(context.getBean(WebhookVerifier.class)));
    }

    private static void assertEachSecretVerifies(WebhookVerifier verifier) {
        List<String> secrets = List.of("whsec_current", "whsec_next", "whsec_after_next", "whsec_someone_elses");
        List<WebhookOutcome.Kind> outcomes = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            byte[] event = ("{\"id\":\"ver_rotation" + i + "\",\"status\":\"verified\",\"type\":\"hosted\","
                    + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
                    + "\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
            outcomes.add(verifier.handle(event, WebhookSigner.of(secrets.get(i)).signTimestamped(event, Instant.now()),
                    e -> {}).kind());
        }
        assertThat(outcomes).containsExactly(WebhookOutcome.Kind.HANDLED, WebhookOutcome.Kind.HANDLED,
                WebhookOutcome.Kind.HANDLED, WebhookOutcome.Kind.REFUSED);
    }

    /**
     * IDEs show the metadata's descriptions as they are: five held Javadoc markup
     * (a "{@code" tag around dk_live_...), shown raw in the completion pop-up.
     */
    @Test
    void everyPropertyInTheMetadataHasAPlainDescription() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            names.add(name);
            assertThat(property.has("description")).as(name).isTrue();
            assertThat(property.get("description").asString()).as(name).isNotBlank().doesNotContain("{@").doesNotContain("<");
        }
        assertThat(names).contains("verifykit.dock.api-key", "verifykit.dock.relay.max-sessions",
                "verifykit.dokai.webhook.secrets", "verifykit.roblox.verification-secret");
    }
}
