package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verifykit webhook verify|serve} through picocli. */
class WebhookCliTest {
    private static final String SECRET = "whsec_cli_test";
    private static final String BODY = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}";

    @TempDir
    Path dir;

    private Path body(String text) throws Exception {
        Path file = dir.resolve("body.json");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aGoodSignatureIsVerifiedInBothSchemes() throws Exception {
        WebhookSigner signer = WebhookSigner.of(SECRET);
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        Path file = body(BODY);

        Cli.Run plain = Cli.run("webhook", "verify", "--secret", SECRET, "--header", signer.sign(bytes),
                "--body-file", file.toString());
        Cli.Run timestamped = Cli.run("webhook", "--secret", "other", "--secret", SECRET, "verify", "--json",
                "--header", signer.signTimestamped(bytes, Instant.now()), "--body-file", file.toString());

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("verified: verification.completed for ver_abc123 (verified)");
        assertThat(timestamped.exitCode()).as(timestamped.err()).isZero();
        assertThat(timestamped.out()).contains("\"verified\":true").contains("\"event\":\"verification.completed\"");
    }

    /**
     * A whole header line, as {@code curl -v} or a proxy's log shows it, is taken for its value;
     * {@code curl -v} starts a header it sent with {@code > }, one it received with {@code < } (such a
     * line was taken as the signature itself and refused).
     */
    @Test
    void aWholeHeaderLineIsTakenForItsValue() throws Exception {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.of(SECRET).signTimestamped(bytes, Instant.now());

        Cli.Run pasted = Cli.run("webhook", "verify", "--secret", SECRET, "--header", "X-Dokai-Signature: " + signature,
                "--body-file", body(BODY).toString());
        Cli.Run lowerCase = Cli.run("webhook", "verify", "--secret", SECRET, "--header", "x-dokai-signature:" + signature,
                "--body-file", body(BODY).toString());
        Cli.Run otherName = Cli.run("webhook", "verify", "--secret", SECRET, "--header", "X-Other: " + signature,
                "--body-file", body(BODY).toString());
        Cli.Run sent = Cli.run("webhook", "verify", "--secret", SECRET, "--header", "> X-Dokai-Signature: " + signature,
                "--body-file", body(BODY).toString());
        Cli.Run received = Cli.run("webhook", "verify", "--secret", SECRET, "--header", "< X-Dokai-Signature: " + signature,
                "--body-file", body(BODY).toString());

        assertThat(pasted.exitCode()).as(pasted.err()).isZero();
        assertThat(pasted.out()).contains("verified: verification.completed for ver_abc123");
        assertThat(lowerCase.exitCode()).as(lowerCase.err()).isZero();
        assertThat(otherName.exitCode()).as("another header's line is no signature").isEqualTo(1);
        assertThat(sent.exitCode()).as("as curl -v shows a header it sent: %s", sent.err()).isZero();
        assertThat(received.exitCode()).as("as curl -v shows a header it received: %s", received.err()).isZero();
    }

    /**
     * The body file is read no further than the verifier's limit (1 MiB): a pipe that never ends is
     * refused as too large, where reading the whole file first would wait forever.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aBodyLargerThanTheLimitIsRefusedWithoutReadingItWhole() throws Exception {
        Path pipe = dir.resolve("endless.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0, "mkfifo is available");
        Thread writer = new Thread(() -> {
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, (byte) 'x');
            try (java.io.OutputStream out = Files.newOutputStream(pipe)) {
                while (true) {
                    out.write(block);
                }
            } catch (java.io.IOException readerGone) {
                // the verifier stopped reading and the pipe closed
            }
        }, "endless-body");
        writer.setDaemon(true);
        writer.start();
        String header = WebhookSigner.of(SECRET).sign("x".getBytes(StandardCharsets.UTF_8));

        Cli.Run run = Cli.run("webhook", "--secret", SECRET, "verify", "--json", "--header", header,
                "--body-file", pipe.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"verified\":false").contains("BODY_TOO_LARGE");
    }

    @Test
    void aTamperedBodyIsRefusedWithItsReasonAndNoSecret() throws Exception {
        String header = WebhookSigner.of(SECRET).sign(BODY.getBytes(StandardCharsets.UTF_8));

        Cli.Run run = Cli.run("webhook", "--secret", SECRET, "verify", "--header", header,
                "--body-file", body(BODY.replace("0.92", "0.99")).toString());
        Cli.Run malformed = Cli.run("webhook", "--secret", SECRET, "verify", "--header", "t=1,v1=zz",
                "--body-file", body(BODY).toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").doesNotContain(SECRET).doesNotContain(header);
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(malformed.err()).startsWith("error: ");
    }

    /** {@code webhook serve} taking one event, once it listens. */
    private static Cli.Running serveOneEvent() throws InterruptedException {
        // a port of its own (0): a port found free, then given to the command, could be taken in between
        Cli.Running serving = Cli.start("webhook", "--secret", SECRET, "serve", "--port", "0", "--max-events", "1",
                "--json");
        serving.awaitOutput("\"listening\":\"http://127.0.0.1:", Duration.ofSeconds(60));
        return serving;
    }

    private static String listeningUrl(Cli.Running serving) {
        return serving.out().replaceAll("(?s).*\"listening\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void serveAcceptsSignedDeliveriesAndRefusesOthers() throws Exception {
        Cli.Running serving = serveOneEvent();
        String url = listeningUrl(serving);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Dokai-Signature", "00".repeat(32)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        Cli.Run run = serving.result(Duration.ofSeconds(60));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("NO_MATCHING_SIGNATURE");
        assertThat(accepted.statusCode()).isEqualTo(204);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"listening\":\"http://127.0.0.1:").contains("\"event\":\"verification.completed\"");
        assertThat(run.err()).contains("refused: NO_MATCHING_SIGNATURE").contains("accepted verification.completed");
    }

    /**
     * A signed delivery of an event type this SDK does not know, holding a line break and a terminal
     * escape: the receiver's log line on standard error ("accepted <type>") wrote it raw, so a body
     * could forge lines of the log or drive the terminal; it is written as the SDK writes server text.
     */
    @Test
    void serveWritesAnEventsTypeToItsLogEscaped() throws Exception {
        Cli.Running serving = serveOneEvent();
        String url = listeningUrl(serving);
        byte[] bytes = ("{\"event\":\"verification.reviewed\\nrefused: NO_MATCHING_SIGNATURE\\u001b[2K\","
                + "\"id\":\"ver_abc123\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> accepted = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(url)).header("X-Dokai-Signature", WebhookSigner.of(SECRET).sign(bytes))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        Cli.Run run = serving.result(Duration.ofSeconds(60));

        assertThat(accepted.statusCode()).isEqualTo(204);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("accepted verification.reviewed\\u000Arefused: NO_MATCHING_SIGNATURE\\u001B[2K")
                .doesNotContain("\u001b").doesNotContain("\nrefused");
    }

    @Test
    void serveOnABadOrTakenPortSaysWhich() throws Exception {
        Cli.Run outOfRange = Cli.run("webhook", "--secret", SECRET, "serve", "--port", "70000");
        assertThat(outOfRange.exitCode()).isEqualTo(2);
        assertThat(outOfRange.err()).startsWith("error: --port must be 0 to 65535 (was 70000)");
        // an unknown name was an UnknownHostException, exit 1, naming no flag
        Cli.Run unknownHost = Cli.run("webhook", "--secret", SECRET, "serve", "--host", "no-such-host.invalid");
        assertThat(unknownHost.exitCode()).isEqualTo(2);
        assertThat(unknownHost.err())
                .startsWith("error: --host must be an address or a name this machine resolves (was no-such-host.invalid)");

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli.Run run = Cli.run("webhook", "--secret", SECRET, "serve", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("error: BindException: cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    /** A negative {@code --max-events} was taken silently as "run until interrupted". */
    @Test
    void serveRefusesANegativeMaxEventsNamingTheFlag() throws Exception {
        Cli.Running serve = Cli.start("webhook", "--secret", SECRET, "serve", "--port", "0", "--max-events", "-1");

        Cli.Run run = serve.result(java.time.Duration.ofSeconds(30)); // at once when refused; never, when taken

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --max-events must be 0 or more (was -1)").hasLineCount(1);
    }
}
