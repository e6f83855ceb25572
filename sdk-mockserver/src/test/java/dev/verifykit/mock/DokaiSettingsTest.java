package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import com.squareup.moshi.Moshi;
import org.junit.jupiter.api.Test;

class DokaiSettingsTest {

    @Test
    void defaults() {
        DokaiSettings d = DokaiSettings.defaults();

        assertThat(d.apiKey()).isEqualTo("dk_test_mock");
        assertThat(d.otherApiKey()).isEqualTo("dk_test_other");
        assertThat(d.noKycApiKey()).isEqualTo("dk_test_nokyc");
        assertThat(d.webhookSecret()).isEqualTo("whsec_mock");
        assertThat(d.sessionLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(d.allowedWebhookDomains()).as("only loopback URLs get deliveries by default").isEmpty();
        assertThat(d.allowLoopbackHttpWebhooks()).isTrue();
        assertThat(d.signatureScheme()).isEqualTo(DokaiSettings.SignatureScheme.PLAIN);
        assertThat(d.deliveryAttempts()).isEqualTo(3);
        assertThat(d.deliveryDelays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(d.deliveryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.toBuilder().build().toString()).isEqualTo(d.toString()).doesNotContain("whsec_mock");
        assertThat(MockSettings.defaults().dokai().toString()).isEqualTo(d.toString());
    }

    @Test
    void buildersRejectWhatTheMockCannotHonour() {
        assertThatThrownBy(() -> DokaiSettings.builder().sessionLifetime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().deliveryAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().deliveryDelays(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().deliveryDelays(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().deliveryTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().allowedWebhookDomains("https://hooks.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().webhookSecret("has space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.builder().noKycApiKey("dk_test_mock").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DokaiSettings.SignatureScheme.parse("hmac")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DokaiSettings.builder().allowedWebhookDomains("Hooks.Example.com", "*.example.net").build()
                .allowedWebhookDomains()).containsExactly("hooks.example.com", "*.example.net");
        assertThat(DokaiSettings.builder().allowedWebhookDomains().build().allowedWebhookDomains()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void flagsAndTheStartupLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<MockServer> seen = new AtomicReference<>();

        int code = MockServerMain.run(new String[] {"--port", "0", "--dokai-api-key", "dk_a", "--dokai-other-api-key",
                "dk_b", "--dokai-no-kyc-api-key=dk_c", "--dokai-webhook-secret", "whsec_x", "--dokai-session-lifetime",
                "30m", "--dokai-allowed-webhook-domains", "a.example.com, *.b.example.com",
                "--dokai-allow-loopback-http-webhooks", "false", "--dokai-signature-scheme", "timestamped",
                "--dokai-delivery-attempts", "5", "--dokai-delivery-delays", "100ms,2s", "--dokai-delivery-timeout", "1s"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                seen::set);

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        DokaiSettings d = seen.get().settings().dokai();
        assertThat(d.apiKey()).isEqualTo("dk_a");
        assertThat(d.otherApiKey()).isEqualTo("dk_b");
        assertThat(d.noKycApiKey()).isEqualTo("dk_c");
        assertThat(d.webhookSecret()).isEqualTo("whsec_x");
        assertThat(d.sessionLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.allowedWebhookDomains()).containsExactly("a.example.com", "*.b.example.com");
        assertThat(d.allowLoopbackHttpWebhooks()).isFalse();
        assertThat(d.signatureScheme()).isEqualTo(DokaiSettings.SignatureScheme.TIMESTAMPED);
        assertThat(d.deliveryAttempts()).isEqualTo(5);
        assertThat(d.deliveryDelays()).containsExactly(Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(d.deliveryTimeout()).isEqualTo(Duration.ofSeconds(1));
        String first = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        Map<String, Object> startup = (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
                .fromJson(first);
        assertThat(((Map<String, Object>) startup.get("credentials")).get("dokai")).isEqualTo(Map.of(
                "apiKey", "dk_a", "noKycApiKey", "dk_c", "webhookSecret", "whsec_x", "otherApiKey", "dk_b"));
    }

    @Test
    void badDokaiFlagsExitWith2() {
        String[][] cases = {{"--dokai-signature-scheme", "hmac"}, {"--dokai-allow-loopback-http-webhooks", "yes"},
                {"--dokai-delivery-attempts", "0"}, {"--dokai-delivery-delays", ""}, {"--dokai-delivery-delays", "1s,x"},
                {"--dokai-session-lifetime", "0"}, {"--dokai-allowed-webhook-domains", "http://x"},
                {"--dokai-api-key", "dk_test_nokyc"}};
        for (String[] args : cases) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = MockServerMain.run(args, new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8), server -> { });
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ").hasLineCount(1);
        }
    }

    @Test
    void helpListsTheDokaiFlags() {
        assertThat(CommandLine.usage()).contains("--dokai-api-key", "--dokai-other-api-key",
                "--dokai-no-kyc-api-key", "--dokai-webhook-secret", "--dokai-session-lifetime",
                "--dokai-allowed-webhook-domains", "--dokai-allow-loopback-http-webhooks", "--dokai-signature-scheme",
                "--dokai-delivery-attempts", "--dokai-delivery-delays", "--dokai-delivery-timeout");
    }
}
