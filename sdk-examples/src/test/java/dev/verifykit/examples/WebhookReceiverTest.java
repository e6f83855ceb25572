package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The sample receiver hands each event on once, however often it is delivered. */
class WebhookReceiverTest {
    private static final String SECRET = "whsec_receiver_test";
    private static final byte[] BODY = ("{\"id\":\"ver_rcv1\",\"status\":\"failed\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.failed\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void aDuplicateDeliveryIsAnsweredButNotHandedOnAgain() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).build();
        try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, log::add)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest delivery = HttpRequest.newBuilder(URI.create(receiver.url()))
                    .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(BODY))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();

            HttpResponse<String> first = http.send(delivery, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> copy = http.send(delivery, HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(204);
            assertThat(copy.statusCode()).as("a copy is answered 2xx so the service stops sending it").isEqualTo(204);
            assertThat(receiver.next(Duration.ZERO)).isInstanceOf(DokaiWebhookEvent.Failed.class);
            assertThat(receiver.next(Duration.ZERO)).as("handed on once").isNull();
            assertThat(log).containsExactly("accepted verification.failed (signature verified)",
                    "already handled verification.failed (a copy of an earlier delivery)");
        }
    }
}
