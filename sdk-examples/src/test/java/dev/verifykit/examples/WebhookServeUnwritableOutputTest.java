package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * README, "The command line": "`webhook serve` prints each event it accepts before answering its
 * delivery (so an event answered 204 has been printed)". Standard output that cannot be written (a
 * full disk under {@code --json > events.jsonl}, a pipe whose reader has gone) fails the write; a
 * {@code PrintWriter} keeps that failure to itself ({@code checkError()}), so the delivery was
 * answered 204 and its event, printed nowhere, was lost: Dokai does not send a delivery it got a
 * 2xx for again. The failed write then leaves the output's error flag set for good, so the command
 * stops (exit 1) instead of printing every later event and answering it 500 over and over.
 */
class WebhookServeUnwritableOutputTest {
    private static final String SECRET = "whsec_cli_unwritable_test";

    /** Standard output that takes the "listening on" line, then fails every write (the disk filled up). */
    private static final class FillingUpOutput extends Writer {
        final StringBuilder text = new StringBuilder();
        final CountDownLatch listening = new CountDownLatch(1);
        private volatile boolean full;

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (full) {
                throw new IOException("No space left on device");
            }
            synchronized (text) {
                text.append(buf, off, len);
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        /** The "listening on" line is out: the disk is full from now on. */
        @Override
        public void flush() {
            if (!full && text().contains("listening on ")) {
                full = true;
                listening.countDown();
            }
        }

        @Override
        public void close() {}
    }

    @Test
    @Timeout(120)
    void aDeliveryWhoseEventCouldNotBePrintedIsNotAcknowledged() throws Exception {
        FillingUpOutput out = new FillingUpOutput();
        StringWriter err = new StringWriter();
        CommandLine cli = VerifyKitCli.commandLine(false);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serve = new Thread(() -> exit.set(cli.execute("webhook", "--secret", SECRET, "serve", "--port", "0",
                "--max-events", "2")), "webhook-serve-under-test");
        serve.setDaemon(true);
        serve.start();
        try {
            assertThat(out.listening.await(60, TimeUnit.SECONDS)).as("listening").isTrue();
            String url = out.text().replaceAll("(?s).*listening on (\\S+).*", "$1");

            byte[] body = ("{\"id\":\"ver_unwritten00001\",\"status\":\"verified\",\"type\":\"hosted\","
                    + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
                    + "\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create(url))
                            .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(out.text()).doesNotContain("ver_unwritten00001");
            assertThat(answer.statusCode())
                    .as("the event was printed nowhere (standard output failed), so its delivery must not be"
                            + " acknowledged, or Dokai never sends it again; the log says: %s", err)
                    .isNotIn(200, 201, 202, 203, 204, 205, 206);
            // the output's error flag stays set: the command stops rather than answer every later event 500
            serve.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(serve.isAlive()).as("the command stopped").isFalse();
            assertThat(exit.get()).isEqualTo(1);
            assertThat(err.toString()).contains("standard output could not be written");
        } finally {
            serve.interrupt();
            serve.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
