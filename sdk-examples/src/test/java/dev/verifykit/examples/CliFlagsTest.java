package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.webhook.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line and the demo as the README describes them: a flag given empty is bad usage
 * naming it, and a refused value is named by the flag that gave it.
 */
class CliFlagsTest {

    /**
     * README: "a flag given empty is bad usage (a --base-url= does not fall back to the service's
     * production URL)" and "their URLs and keys are checked before the demo runs or prints anything
     * (a value the client refuses is bad usage, exit 2)". An empty --dokai-base-url beside a real
     * Dokai key is wrapped as an IllegalStateException and exits 1.
     */
    @Test
    void demoWithAnEmptyDokaiBaseUrlIsBadUsageNamingTheFlag() {
        Cli.Run run = Cli.run("demo", "--dock-api-key=", "--dock-pid=", "--roblox-base-url=",
                "--dokai-api-key=dk_live_review_not_shown", "--dokai-base-url=");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--dokai-base-url").doesNotContain("IllegalStateException")
                .doesNotContain("dk_live_review_not_shown");
        assertThat(run.out()).as("nothing ran").isEmpty();
    }

    /** The same for Dock: an empty --dock-base-url beside a real key and pid. */
    @Test
    void demoWithAnEmptyDockBaseUrlIsBadUsageNamingTheFlag() {
        Cli.Run run = Cli.run("demo", "--dock-api-key=dock_live_review_not_shown", "--dock-pid=PID-REVIEW01",
                "--dock-base-url=", "--roblox-base-url=", "--dokai-api-key=");

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--dock-base-url").doesNotContain("IllegalStateException");
        assertThat(run.out()).as("nothing ran").isEmpty();
    }

    /**
     * README: "except demo's --dock-api-key=, --dock-pid=, --roblox-base-url= and --dokai-api-key=,
     * which keep that flow on the mock whatever the environment says". With DOCK_API_KEY and
     * DOCK_PID set, --dock-api-key= alone is refused as "only the pid was given" instead.
     */
    @Test
    void demoDockApiKeyGivenEmptyKeepsDockOnTheMockWhateverTheEnvironmentSays() throws Exception {
        Cli.Run run = Cli.withEnvironment(Map.of("DOCK_API_KEY", "dock_live_review_env", "DOCK_PID", "PID-REVIEW01"),
                "demo", "--dock-api-key=", "--roblox-base-url=", "--dokai-api-key=", "--user-delay=100ms");

        assertThat(run.err()).as("stderr").doesNotContain("needs both");
        assertThat(run.exitCode()).as("exit code; stderr: %s%nstdout: %s", run.err(), run.out()).isZero();
        assertThat(run.out()).doesNotContain("the service at").contains("All 3 flows verified.");
    }

    /**
     * README: "a flag given empty is bad usage". An empty --header (or a pasted header line with no
     * value) was verified as a delivery and refused with exit 1, as a forged one is.
     */
    @Test
    void webhookHeaderGivenEmptyIsBadUsage(@TempDir Path dir) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"id\":\"ver_abc\",\"status\":\"verified\"}",
                StandardCharsets.UTF_8);

        for (String header : new String[] {"--header=", "--header=X-Dokai-Signature: ", "--header=  "}) {
            Cli.Run run = Cli.run("webhook", "--secret=whsec_review", "verify", header, "--body-file", body.toString());

            assertThat(run.exitCode()).as("%s: exit code; out: %s err: %s", header, run.out(), run.err()).isEqualTo(2);
            assertThat(run.err()).as(header).contains("--header is empty");
        }
    }

    /**
     * README: "a flag given empty is bad usage". webhook --secret may be repeated (rotation); one
     * given empty beside another is silently dropped instead of refused.
     */
    @Test
    void webhookSecretGivenEmptyBesideAnotherIsBadUsage(@TempDir Path dir) throws Exception {
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"id\":\"ver_abc\",\"status\":\"verified\",\"event\":\"verification.completed\"}",
                StandardCharsets.UTF_8);
        String signature = dev.verifykit.webhook.WebhookSigner.of("whsec_review").sign(Files.readAllBytes(body));

        Cli.Run run = Cli.run("webhook", "--secret=whsec_review", "--secret=", "verify", "--header", signature,
                "--body-file", body.toString());

        assertThat(run.exitCode()).as("exit code; out: %s err: %s", run.out(), run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--secret");
    }

    /**
     * The starter refuses a webhook tolerance over an hour (README: "at most 1 h"); the command line
     * took 2 h and verified a delivery signed 2 hours ago. It is bad usage naming the flag and the
     * rule, as the starter and the verifier's builder refuse it; an hour is taken.
     */
    @Test
    void webhookToleranceOverAnHourIsBadUsageNamingTheFlagAndTheRule(@TempDir Path dir) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"),
                "{\"id\":\"ver_abc\",\"status\":\"verified\",\"event\":\"verification.completed\"}", StandardCharsets.UTF_8);
        String signature = WebhookSigner.of("whsec_review")
                .signTimestamped(Files.readAllBytes(body), Instant.now().minus(Duration.ofMinutes(90)));

        Cli.Run run = Cli.run("webhook", "--secret=whsec_review", "--tolerance=2h", "verify", "--header", signature,
                "--body-file", body.toString());

        assertThat(run.exitCode()).as("exit code; out: %s err: %s", run.out(), run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--tolerance").contains("must be at most 1 hour (was 7200 s)");
        assertThat(run.out()).as("nothing verified").isEmpty();
        assertThat(Cli.run("webhook", "--secret=whsec_review", "--tolerance=1h", "verify", "--header", signature,
                "--body-file", body.toString()).exitCode()).as("an hour is taken, and 90 minutes is outside it").isEqualTo(1);
    }

    /**
     * The brief's and the demo's rule: a value the client refuses is bad usage "naming the flag and
     * the rule". The service commands name the SDK's builder field instead, which for --poll-interval
     * is "initialPollInterval", for --user-id "robloxUserId": nothing the user typed.
     */
    @Test
    void aValueTheClientRefusesIsNamedByTheFlagThatGaveIt() {
        try (MockServer mock = MockServer.start()) {
            Cli.Run pollInterval = Cli.run("dokai", "--api-key=" + mock.settings().dokai().apiKey(),
                    "--base-url=" + mock.dokaiBaseUrl(), "wait", "ver_abc", "--poll-interval=0");
            Cli.Run userId = Cli.run("roblox", "--base-url=" + mock.robloxBaseUrl(), "complete", "--code", "123456",
                    "--user-id", "abc", "--secret", mock.settings().roblox().verificationSecret());

            assertThat(pollInterval.exitCode()).isEqualTo(2);
            assertThat(pollInterval.err()).as("the error for --poll-interval=0").contains("--poll-interval");
            assertThat(userId.exitCode()).isEqualTo(2);
            assertThat(userId.err()).as("the error for --user-id abc").contains("--user-id");
        }
    }

    /** A webhook secret the verifier refuses was named {@code secrets[0]}, the builder's field, not the flag. */
    @Test
    void aRefusedWebhookSecretIsNamedByItsFlag(@TempDir Path dir) throws Exception {
        Path body = Files.writeString(dir.resolve("body.json"), "{}");
        Cli.Run run = Cli.run("webhook", "--secret", "whsec_\u00e9", "verify", "--header", "00", "--body-file", body.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --secret: must contain only printable ASCII").doesNotContain("whsec_");
    }
}
