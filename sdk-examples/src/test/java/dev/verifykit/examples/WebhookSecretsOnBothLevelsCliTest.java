package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --secret}'s help: "repeat it to accept several (rotation)"; README writes it before the
 * subcommand ({@code webhook --secret … verify …}), the subcommand's help offers it too. Given on
 * both levels ({@code webhook --secret OLD verify --secret NEW}), the subcommand's replaced the
 * others, silently: a delivery signed with the old secret was refused "under the 1 configured
 * secret". The signatures here are computed as Dokai's rules say (the lower-case hex HMAC-SHA256 of
 * the raw body keyed with the secret), with the JDK's {@code Mac}, not the SDK's signer.
 */
class WebhookSecretsOnBothLevelsCliTest {
    private static final String OLD = "whsec_old_rotation_1";
    private static final String NEW = "whsec_new_rotation_2";
    private static final String BODY = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}\n";

    @TempDir
    Path dir;

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void secretsGivenBeforeAndAfterTheSubcommandAreAllAccepted() throws Exception {
        Path file = dir.resolve("body.json");
        Files.writeString(file, BODY);

        for (String signedWith : new String[] {OLD, NEW}) {
            Cli.Run run = Cli.run("webhook", "--secret", OLD, "verify", "--secret", NEW,
                    "--header", hmac(signedWith, BODY), "--body-file", file.toString());

            assertThat(run.exitCode()).as("signed with %s: %s", signedWith.equals(OLD) ? "the old secret" : "the new one",
                    run.err()).isZero();
            assertThat(run.out()).contains("verified: verification.completed for ver_abc123 (verified)");
        }
    }

    @Test
    void aSignatureUnderNeitherSecretIsStillRefused() throws Exception {
        Path file = dir.resolve("body.json");
        Files.writeString(file, BODY);

        Cli.Run run = Cli.run("webhook", "--secret", OLD, "verify", "--secret", NEW,
                "--header", hmac("whsec_some_other_secret", BODY), "--body-file", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("under the 2 configured secrets").doesNotContain(OLD, NEW);
    }
}
