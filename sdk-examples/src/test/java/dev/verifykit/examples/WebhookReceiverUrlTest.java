package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code WebhookReceiver.url()} ("Where to send deliveries", printed by {@code webhook serve} as
 * "listening on URL" and as {@code {"listening":URL}} with {@code --json}) must be a URL a sender can
 * use, whatever {@code --host} was: an IPv6 literal, or the wildcard 0.0.0.0 (which the JDK's server
 * reports as the IPv6 wildcard).
 */
class WebhookReceiverUrlTest {
    private final BlockingQueue<DokaiWebhookEvent> events = new LinkedBlockingQueue<>();
    private static final String SECRET = "whsec_receiver_url";
    private static final byte[] BODY = ("{\"id\":\"ver_url1\",\"status\":\"failed\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.failed\"}").getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"::1", "0.0.0.0"})
    void theUrlIsOneADeliveryCanBeSentTo(String host) throws Exception {
        boolean ipv6Loopback;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            ipv6Loopback = probe.getInetAddress() instanceof Inet6Address;
        } catch (java.io.IOException e) {
            ipv6Loopback = false;
        }
        Assumptions.assumeTrue(ipv6Loopback || !host.contains(":"), "IPv6 loopback available");
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        try (WebhookReceiver receiver = WebhookReceiver.start(host, 0, verifier, events::add, line -> { })) {
            String url = receiver.url();
            URI uri = URI.create(url);
            assertThat(uri.getHost()).as("the host of %s", url).isNotNull();
            assertThat(uri.getPort()).as("the port of %s", url).isPositive();

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(BODY))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(204);
            assertThat(events.poll()).isInstanceOf(DokaiWebhookEvent.Failed.class);
        }
    }
}
