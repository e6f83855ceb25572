package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.squareup.moshi.Moshi;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.secrets.KnownSecrets;
import dev.verifykit.webhook.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How the command line reports what went wrong: one line, or one JSON object with --json, never a secret. */
@ExtendWith(MockServerExtension.class)
class ErrorsCliTest {
    private final MockServer mock;

    @TempDir
    Path dir;

    ErrorsCliTest(MockServer mock) {
        this.mock = mock;
    }

    private Cli.Run dock(String... args) {
        List<String> all = new ArrayList<>(List.of("dock", "--api-key=" + mock.settings().dock().freeApiKey(),
                "--base-url=" + mock.dockBaseUrl()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) throws Exception {
        assertThat(line).endsWith("\n").hasLineCount(1);
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(line);
    }

    @Test
    void aMissingCredentialIsOneUsageLineNamingTheFlagAndTheVariable() {
        assumeTrue(System.getenv("DOCK_API_KEY") == null && System.getenv("DOKAI_API_KEY") == null
                && System.getenv("ROBLOX_RPC_URL") == null && System.getenv("DOKAI_WEBHOOK_SECRET") == null
                && System.getenv("ROBLOX_VERIFICATION_SECRET") == null && System.getenv("ROBLOX_JWT") == null);
        String roblox = "--base-url=" + mock.robloxBaseUrl();
        Object[][] cases = {
            {new String[] {"dock", "get", "vsn_x"}, "error: no API key: pass --api-key or set DOCK_API_KEY"},
            {new String[] {"dokai", "get", "ver_x"}, "error: no API key: pass --api-key or set DOKAI_API_KEY"},
            {new String[] {"roblox", "begin"}, "error: no base URL: pass --base-url or set ROBLOX_RPC_URL"},
            {new String[] {"roblox", roblox, "complete", "--code", "123456", "--user-id", "1"},
                "error: no verification secret: pass --secret or set ROBLOX_VERIFICATION_SECRET"},
            {new String[] {"roblox", roblox, "refresh"}, "error: no JWT: pass --jwt or set ROBLOX_JWT"},
            {new String[] {"webhook", "serve"}, "error: no webhook secret: pass --secret or set DOKAI_WEBHOOK_SECRET"},
        };
        for (Object[] c : cases) {
            Cli.Run run = Cli.run((String[]) c[0]);

            assertThat(run.exitCode()).as(c[1].toString()).isEqualTo(2);
            assertThat(run.err()).isEqualTo(c[1] + "\n");
        }
        assertThat(mock.journal().entries()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void withJsonAnApiErrorIsOneJsonObjectOnStandardOutputWithTheSameExitCode() throws Exception {
        Cli.Run run = dock("get", "vsn_AAAAAAAAAAAAAAAAAAAAAA", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        Map<String, Object> error = (Map<String, Object>) json(run.out()).get("error");
        assertThat(error).containsEntry("type", "NotFoundException").containsEntry("status", 404.0)
                .containsEntry("code", "SESSION_NOT_FOUND").containsEntry("service", "dock")
                .containsKeys("message", "requestId");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withJsonARateLimitCarriesItsStatusAndCode() throws Exception {
        mock.faults().add("GET /dock/v2/sessions/* respond status=429 header=Retry-After:0");

        Cli.Run run = dock("get", "vsn_AAAAAAAAAAAAAAAAAAAAAA", "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        Map<String, Object> error = (Map<String, Object>) json(run.out()).get("error");
        assertThat(error).containsEntry("type", "RateLimitException").containsEntry("status", 429.0)
                .containsKeys("code", "message");
    }

    /** A create whose answer was lost printed no key: sending it again made a second session. */
    @Test
    @SuppressWarnings("unchecked")
    void aCreateThatMayHaveArrivedGivesTheKeyThatSendsItAgainSafely() throws Exception {
        mock.faults().add("POST /dock/v2/sessions reset-before-response processed=true times=20");

        Cli.Run json = dock("create", "--pid", "PID-FREE0001", "--client-id", "lost-answer", "--json");
        Cli.Run text = dock("create", "--pid", "PID-FREE0001", "--client-id", "lost-answer", "--idempotency-key", "mine-1");

        assertThat(json.exitCode()).as(json.err()).isEqualTo(1);
        Map<String, Object> error = (Map<String, Object>) json(json.out()).get("error");
        String key = (String) error.get("idempotencyKey");
        assertThat(key).isNotBlank();
        assertThat(mock.journal().entries()).filteredOn(entry -> "POST".equals(entry.method())).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry.idempotencyKey()).isIn(key, "mine-1"));
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.err()).startsWith("error: ").contains("--idempotency-key mine-1").hasLineCount(1);

        mock.faults().clear();
        Cli.Run again = dock("create", "--pid", "PID-FREE0001", "--client-id", "lost-answer", "--idempotency-key", key);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("idempotency key " + key);
        assertThat(mock.dock().sessionCount()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withJsonAUsageErrorIsJsonTooWithExitCode2() throws Exception {
        Cli.Run missing = dock("create", "--client-id", "u", "--json", "--pid=");
        Cli.Run badValue = dock("wait", "vsn_x", "--json", "--timeout", "soon");
        Cli.Run badFile = Cli.run("webhook", "--secret", "s", "verify", "--json", "--header", "x",
                "--body-file", dir.resolve("missing.json").toString());

        for (Cli.Run run : List.of(missing, badValue, badFile)) {
            assertThat(run.exitCode()).as(run.out()).isEqualTo(2);
            assertThat(run.err()).isEmpty();
            assertThat((Map<String, Object>) json(run.out()).get("error")).containsEntry("type", "UsageError")
                    .containsKey("message");
        }
    }

    @Test
    void jsonWithAValueIsHonouredForErrorsAsItIsForResults() throws Exception {
        // picocli takes --json=true as --json: results were JSON, errors one line on standard error
        for (String flag : List.of("--json=true", "--json=TRUE")) {
            Cli.Run refused = dock("get", "vsn_AAAAAAAAAAAAAAAAAAAAAA", flag);
            Cli.Run badValue = dock("wait", "vsn_x", flag, "--timeout", "soon");

            for (Cli.Run run : List.of(refused, badValue)) {
                assertThat(run.err()).as(flag).isEmpty();
                assertThat(json(run.out())).as(flag).containsKey("error");
            }
        }
        Cli.Run text = dock("get", "vsn_AAAAAAAAAAAAAAAAAAAAAA", "--json=false");
        assertThat(text.out()).isEmpty();
        assertThat(text.err()).startsWith("error: ");
    }

    @Test
    void webhookVerifyWithJsonSaysWhetherItVerifiedAndWhyNot() throws Exception {
        String secret = "whsec_errors_test";
        Path body = Files.writeString(dir.resolve("body.json"), "{\"id\":\"ver_1\",\"status\":\"verified\","
                + "\"event\":\"verification.completed\"}");
        String header = WebhookSigner.of(secret).sign(Files.readAllBytes(body));

        Cli.Run refused = Cli.run("webhook", "--secret", secret, "verify", "--json", "--header", "00".repeat(32),
                "--body-file", body.toString());
        Cli.Run malformed = Cli.run("webhook", "--secret", secret, "verify", "--json", "--header", "t=1,v1=zz",
                "--body-file", body.toString());
        Cli.Run verified = Cli.run("webhook", "--secret", secret, "verify", "--json", "--header", header,
                "--body-file", body.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(json(refused.out())).containsEntry("verified", false).containsEntry("reason", "NO_MATCHING_SIGNATURE")
                .containsKey("message");
        assertThat(refused.err()).isEmpty();
        assertThat(malformed.exitCode()).isEqualTo(1);
        assertThat(json(malformed.out())).containsEntry("verified", false).containsEntry("reason", "MALFORMED_HEADER");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(json(verified.out())).containsEntry("verified", true);
    }

    @Test
    void aMissingFileIsOneUsageLine() {
        Path missing = dir.resolve("no-such-body.json");

        Cli.Run run = Cli.run("webhook", "--secret", "s", "verify", "--header", "x", "--body-file", missing.toString());
        Cli.Run directory = Cli.run("webhook", "--secret", "s", "verify", "--header", "x", "--body-file", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("--body-file").endsWith(missing + ": no such file\n")
                .hasLineCount(1);
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).endsWith(dir + ": is a directory\n").hasLineCount(1);
    }

    /**
     * README: exit code "2 for bad usage (… a missing credential or file)", and a file that cannot be
     * read is one usage line naming {@code --body-file} when it is found so before the command runs.
     * One that fails as it is read (here {@code /proc/self/mem}, which the checks before running pass
     * and whose first read fails with EIO) ended as {@code error: UncheckedIOException: reading the
     * webhook body failed}, exit 1: neither the flag nor the file named.
     */
    @Test
    void aBodyFileThatFailsAsItIsReadIsOneUsageLineNamingIt() throws Exception {
        Path unreadable = Path.of("/proc/self/mem");
        assumeTrue(Files.isReadable(unreadable), "Linux's /proc");
        String header = WebhookSigner.of("whsec_errors_test").sign("{}".getBytes(StandardCharsets.UTF_8));

        Cli.Run run = Cli.run("webhook", "--secret", "whsec_errors_test", "verify", "--header", header,
                "--body-file", unreadable.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("--body-file").contains(unreadable + ": cannot be read")
                .hasLineCount(1).doesNotContain("UncheckedIOException");
    }

    @Test
    void theProgressLineIsEndedBeforeAnError() {
        Cli.Run created = Cli.run("dokai", "--api-key=" + mock.settings().dokai().apiKey(),
                "--base-url=" + mock.dokaiBaseUrl(), "create", "--json");
        String id = created.out().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1").trim();
        mock.faults().add("GET /dokai/v1/verify/session/* respond status=503 header=Retry-After:0");

        Cli.Run run = Cli.onTerminal("dokai", "--api-key=" + mock.settings().dokai().apiKey(),
                "--base-url=" + mock.dokaiBaseUrl(), "wait", id, "--poll-interval=100ms");

        String lastLine = run.err().substring(run.err().lastIndexOf('\n', run.err().length() - 2) + 1);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("\r\033[2Kdokai " + id + ": ").endsWith("\n").containsOnlyOnce("error: ");
        assertThat(lastLine).startsWith("error: dokai: ").doesNotContain("\r");
    }

    @Test
    void errorsNeverQuoteASecret() throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJyb2Jsb3hVc2VySWQiOiIxIn0.c2lnbmF0dXJl";
        Path body = Files.writeString(dir.resolve("body.json"), "{}");
        List<String[]> failing = List.of(
                new String[] {"dock", "--api-key=dock_test_premium", "--base-url=" + mock.dockBaseUrl(), "get", "vsn_x",
                    "--wait=99s"},
                new String[] {"dock", "--apikey=dock_test_free", "get", "vsn_x"},
                new String[] {"dock", "--api-key", "dock_test_free", "dock_test_premium", "get", "vsn_x"},
                new String[] {"dokai", "--api-key=dk_test_nokyc", "--base-url=" + mock.dokaiBaseUrl(), "create"},
                new String[] {"roblox", "--base-url=" + mock.robloxBaseUrl(), "refresh", "--jwt", jwt},
                new String[] {"roblox", "--base-url=" + mock.robloxBaseUrl(), "refresh", "--jwt=" + jwt, "--show"},
                new String[] {"roblox", "--base-url=" + mock.robloxBaseUrl(), "complete", "--code", "123456",
                    "--user-id", "1", "--secret", "rbx_test_secret_wrong"},
                new String[] {"webhook", "--secret=whsec_never_shown", "verify", "--header", "v1=whsec_never_shown",
                    "--body-file", body.toString()},
                new String[] {"webhook", "--secret=whsec_never_shown", "verify", "--header", "x", "--body-file",
                    body.toString(), "whsec_never_shown"});
        for (String[] args : failing) {
            for (boolean asJson : new boolean[] {false, true}) {
                List<String> all = new ArrayList<>(List.of(args));
                if (asJson) {
                    all.add("--json");
                }
                Cli.Run run = Cli.run(all.toArray(String[]::new));

                assertThat(run.exitCode()).as(String.join(" ", all)).isNotZero();
                assertThat(KnownSecrets.findIn(run.out() + run.err())).as(run.out() + run.err()).isEmpty();
                assertThat(run.out() + run.err()).as(String.join(" ", all)).doesNotContain(jwt);
            }
        }
    }

    /**
     * README: "A value the client refuses is named by the flag that gave it", with {@code --json} too
     * (the same error as one object): not by the SDK's field ({@code initialPollInterval}), which a
     * user of the command line never typed.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aRefusedValueIsNamedByItsFlagWithJsonAsWithout() throws Exception {
        String[][] commands = {
            {"dokai", "--api-key=" + mock.settings().dokai().apiKey(), "--base-url=" + mock.dokaiBaseUrl(),
                "wait", "ver_x", "--poll-interval", "0"},
            {"roblox", "--base-url=" + mock.robloxBaseUrl(), "complete", "--code", "123456", "--user-id", "1",
                "--secret", "bad secret\u0001value"},
            {"dock", "--api-key=" + mock.settings().dock().freeApiKey(), "--base-url=" + mock.dockBaseUrl(),
                "create", "--pid", "PID-FREE0001", "--client-id", "u", "--guild-id", "12"},
        };
        for (String[] command : commands) {
            Cli.Run text = Cli.run(command);
            String[] withJson = Arrays.copyOf(command, command.length + 1);
            withJson[command.length] = "--json";
            Cli.Run json = Cli.run(withJson);

            assertThat(text.exitCode()).isEqualTo(2);
            assertThat(text.err()).startsWith("error: --");
            assertThat(json.exitCode()).isEqualTo(2);
            assertThat(((Map<String, Object>) json(json.out()).get("error")).get("message"))
                    .as("the --json error of %s %s", command[0], command[3])
                    .isEqualTo(text.err().substring("error: ".length()).trim());
        }
        assertThat(mock.journal().entries()).isEmpty();
    }

    /**
     * README: "Errors are one line on standard error". A value picocli refuses is quoted by its
     * message as typed: control characters and line breaks in it reached the terminal raw (ESC
     * sequences acting on it, a line break forging an {@code error:} line of the user's choosing), as
     * they do not in any other error, whose quoted text goes through {@code Output.printable}.
     */
    @Test
    void aValueRefusedByTheParserIsQuotedEscapedOnOneLine() throws Exception {
        String forged = "\u001b[2J5s\nerror: forged";
        List<String[]> commands = List.of(new String[] {"dock", "--api-key=dock_test_free", "get", "vsn_x", "--wait", forged},
                new String[] {"dock", "--api-key=dock_test_free", "wait", "vsn_x", "--plan", forged},
                new String[] {"dock", "--api-key=dock_test_free", "get", "vsn_x", "--fo\u001b[2Jo"},
                new String[] {"webhook", "--secret=whsec_not_shown", "serve", "--host", forged});
        for (String[] command : commands) {
            Cli.Run run = Cli.run(command);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: ").hasLineCount(1).doesNotContain("\u001b")
                    .contains("\\u001B[2J");
        }
        assertThat(mock.journal().entries()).isEmpty();
    }

    /**
     * {@code --show-jwt} takes no value, yet as a flag naming a JWT it had the argument after it
     * hidden from every error: {@code roblox wait --show-jwt --timeout 0 ID} said
     * "[REDACTED]: must be a positive duration", not which flag was refused.
     */
    @Test
    void theArgumentAfterShowJwtIsNotTakenForASecret() {
        Cli.Run run = Cli.run("roblox", "--base-url=" + mock.robloxBaseUrl(), "wait", "--show-jwt", "--timeout", "0",
                "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --timeout: ").doesNotContain("REDACTED").hasLineCount(1);
        assertThat(mock.journal().entries()).isEmpty();
    }
}
