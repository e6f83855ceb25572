package dev.verifykit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.examples.RequestCounter;
import dev.verifykit.mock.MockServer;
import dev.verifykit.webhook.WebhookSigner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's Dokai flow compares the signed webhook with the polled result, says in its transcript
 * whether "it matches" or "it DIFFERS from" the polled result, and fails the flow when they differ.
 * The result it reports for the summary line must then not say that they agree: the summary showed
 * {@code dokai NO ... verified, by signed webhook and by polling, which agree}, contradicting the
 * transcript line just above it and the flow's failure.
 */
class DemoWebhookDisagreementTest {
    private static final Pattern RECEIVER = Pattern.compile("webhook receiver listening on (http://\\S+)");

    @Test
    @Timeout(120)
    void aWebhookThatDiffersFromThePolledResultIsNotReportedAsAgreeing() throws Exception {
        try (MockServer mock = MockServer.start()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Transcript transcript = new Transcript(new PrintStream(printed, true, StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            DokaiFlow flow = new DokaiFlow(DokaiClient.builder().apiKey(mock.settings().dokai().apiKey())
                    .baseUrl(mock.dokaiBaseUrl()).initialPollInterval(Duration.ofSeconds(1)), new OkHttpClient(),
                    mock.settings().dokai().webhookSecret(), session -> {
                        // a signed delivery whose session differs from what polling reads (no liveness,
                        // another face-match score), delivered before the mock's own
                        Matcher url = RECEIVER.matcher(printed.toString(StandardCharsets.UTF_8));
                        assertThat(url.find()).isTrue();
                        byte[] body = ("{\"event\":\"verification.completed\",\"id\":\"" + session.id()
                                + "\",\"status\":\"verified\",\"type\":\"hosted\",\"face_match\":{\"matched\":true,"
                                + "\"score\":0.5,\"threshold\":0.363}}").getBytes(StandardCharsets.UTF_8);
                        try {
                            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url.group(1)))
                                    .header("Content-Type", "application/json")
                                    .header("X-Dokai-Signature", WebhookSigner.of(mock.settings().dokai().webhookSecret())
                                            .sign(body))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        mock.dokai().advance(session.id());
                        mock.dokai().advance(session.id());
                        mock.dokai().finish(session.id(), "verified");
                    });

            Flow.Outcome outcome = flow.run(transcript, new RequestCounter());

            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("it DIFFERS from the polled result");
            assertThat(outcome.verified()).isFalse();
            assertThat(outcome.result()).as("the flow's result for the summary, after: %n%s", text)
                    .doesNotContain("which agree");
        }
    }
}
