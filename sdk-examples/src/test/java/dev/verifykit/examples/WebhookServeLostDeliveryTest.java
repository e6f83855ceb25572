package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.Background;
import dev.verifykit.webhook.WebhookSigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code webhook serve --max-events N}: README says "`webhook serve` prints each event it accepts".
 * A delivery answered 204 (so Dokai never sends it again) must be printed; one the command will not
 * print must not be acknowledged. (A second delivery arriving while the first was printed, past
 * {@code --max-events 1}, was answered 204 and never printed.)
 */
class WebhookServeLostDeliveryTest {
    private static final String SECRET = "whsec_cli_lost_test";

    private static String body(String id) {
        return "{\"id\":\"" + id + "\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
                + "\"event\":\"verification.completed\"}";
    }

    /** Standard output that holds the first event line until released (a slow terminal or pipe). */
    private static final class HeldOutput extends Writer {
        final StringBuilder text = new StringBuilder();
        final CountDownLatch listening = new CountDownLatch(1);
        final CountDownLatch eventBeingPrinted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(char[] buf, int off, int len) {
            String s = new String(buf, off, len);
            if (s.contains("verified:")) {
                eventBeingPrinted.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (text) {
                text.append(s);
            }
            if (s.contains("listening on ")) {
                listening.countDown();
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private static CompletableFuture<HttpResponse<String>> deliver(HttpClient http, String url, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url))
                .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(120)
    void aDeliveryAnswered204IsPrintedNotDroppedWhenMaxEventsIsReached() throws Exception {
        HeldOutput out = new HeldOutput();
        StringWriter err = new StringWriter();
        CommandLine cli = VerifyKitCli.commandLine(false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> run = Background.supply(() -> cli.execute("webhook", "--secret", SECRET, "serve",
                "--port", "0", "--max-events", "1"));
        assertThat(out.listening.await(60, TimeUnit.SECONDS)).as("listening").isTrue();
        String url = out.text().replaceAll("(?s).*listening on (\\S+).*", "$1");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        CompletableFuture<HttpResponse<String>> answered = deliver(http, url, body("ver_first000001"));
        assertThat(out.eventBeingPrinted.await(60, TimeUnit.SECONDS)).isTrue();
        // while the first event is being printed (its delivery not answered until it is), Dokai delivers
        // another session's outcome
        HttpResponse<String> second = deliver(http, url, body("ver_second00002")).get(60, TimeUnit.SECONDS);
        out.release.countDown();
        HttpResponse<String> first = answered.get(60, TimeUnit.SECONDS);
        int exit = run.get(60, TimeUnit.SECONDS);

        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(exit).as(err.toString()).isZero();
        if (second.statusCode() / 100 == 2) {
            assertThat(out.text()).as("the second delivery was answered %s (Dokai will not send it again); the log says: %s",
                    second.statusCode(), err).contains("ver_second00002");
        } else {
            assertThat(second.statusCode()).as("not acknowledged: Dokai retries it").isIn(409, 429, 503);
        }
    }
}
