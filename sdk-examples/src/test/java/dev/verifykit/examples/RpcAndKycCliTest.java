package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code verifykit roblox …} and {@code verifykit dokai …} through picocli against the embedded mock. */
@ExtendWith(MockServerExtension.class)
class RpcAndKycCliTest {
    private final MockServer mock;

    RpcAndKycCliTest(MockServer mock) {
        this.mock = mock;
    }

    private Cli.Run roblox(String... args) {
        return Cli.run(prefix(new String[] {"roblox", "--base-url=" + mock.robloxBaseUrl()}, args));
    }

    private Cli.Run dokai(String... args) {
        return Cli.run(prefix(new String[] {"dokai", "--api-key=" + mock.settings().dokai().apiKey(),
            "--base-url=" + mock.dokaiBaseUrl()}, args));
    }

    private static String[] prefix(String[] head, String[] tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static String field(String json, String name) {
        return json.replaceAll("(?s).*\"" + name + "\":\"([^\"]+)\".*", "$1").trim();
    }

    @Test
    void theRpcFlowFromTheCommandLine() throws Exception {
        Cli.Run begun = roblox("begin", "--json");
        assertThat(begun.exitCode()).as(begun.err()).isZero();
        String sessionId = field(begun.out(), "sessionId");
        String code = field(begun.out(), "code");

        Cli.Run pending = roblox("check", sessionId);
        CompletableFuture<Cli.Run> waiting = Background.supply(() -> roblox("wait", sessionId, "--json", "--show-jwt"));
        // the wait has checked once (after the check above) before the code is entered
        mock.journal().await(MockJournalQuery.all().method("POST").path("/roblox/auth.checkVerification"), 2,
                Duration.ofSeconds(60));
        Cli.Run completed = roblox("complete", "--code", code, "--user-id", "156319135",
                "--secret", mock.settings().roblox().verificationSecret());
        Cli.Run verified = waiting.get(20, TimeUnit.SECONDS);
        String jwt = field(verified.out(), "jwt");
        Cli.Run refreshed = roblox("refresh", "--jwt", jwt);

        assertThat(pending.out()).contains("pending: enter " + code);
        assertThat(completed.exitCode()).as(completed.err()).isZero();
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("\"status\":\"verified\"").contains("\"username\":\"builder\"");
        assertThat(jwt).startsWith("eyJ");
        assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();
        assertThat(refreshed.out()).contains("refreshed: valid until").contains("[hidden: --show-jwt]").doesNotContain(jwt);
    }

    /** The transformer is taken in any case, as the plan is. */
    @Test
    void theTransformerIsTakenInAnyCase() {
        Cli.Run begun = roblox("--transformer", "none", "begin", "--json");

        assertThat(begun.exitCode()).as(begun.err()).isZero();
        assertThat(begun.out()).contains("\"sessionId\"");
    }

    @Test
    void aCompletionNamesTheUserTheServerVerified() {
        Cli.Run begun = roblox("begin", "--json");
        String code = field(begun.out(), "code");

        Cli.Run completed = roblox("complete", "--code", code, "--user-id", "00156319135",
                "--secret", mock.settings().roblox().verificationSecret());

        assertThat(completed.exitCode()).as(completed.err()).isZero();
        assertThat(completed.out()).contains("verified as 156319135").doesNotContain("00156319135");
    }

    @Test
    void rpcRefusalsAndBadFlags() {
        Cli.Run wrongSecret = roblox("complete", "--code", "123456", "--user-id", "1", "--secret", "nope");
        Cli.Run badSession = roblox("check", "not-a-uuid");
        Cli.Run noSecret = roblox("complete", "--code", "123456", "--user-id", "1");
        Cli.Run noBaseUrl = Cli.run("roblox", "begin");

        assertThat(wrongSecret.exitCode()).isEqualTo(1);
        assertThat(wrongSecret.err()).startsWith("error: ").contains("Invalid verification secret").doesNotContain("nope");
        assertThat(badSession.exitCode()).isEqualTo(2);
        assertThat(badSession.err()).startsWith("error: sessionId");
        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.err()).contains("--secret");
        assertThat(noBaseUrl.exitCode()).isEqualTo(2);
    }

    @Test
    void theKycFlowFromTheCommandLine() throws Exception {
        Cli.Run created = dokai("create", "--document-type", "identity_card", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = field(created.out(), "id");
        CompletableFuture<Cli.Run> waiting = Background.supply(() -> dokai("wait", id, "--poll-interval=200ms"));
        mock.dokai().advance(id);
        // The wait's first read answered (still pending, so the progress line is printed) before the end.
        mock.journal().await(MockJournalQuery.all().method("GET").path("/dokai/v1/verify/session/" + id), 1, Duration.ofSeconds(60));
        mock.dokai().finish(id, "unverified");

        Cli.Run waited = waiting.get(20, TimeUnit.SECONDS);
        Cli.Run read = dokai("get", id, "--json");

        assertThat(created.out()).contains("\"status\":\"pending\"").contains("\"url\":\"http://127.0.0.1:");
        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.out()).contains(id + "  unverified").contains("face match false");
        assertThat(waited.err()).contains("dokai " + id + ": ");
        assertThat(read.out()).contains("\"status\":\"unverified\"").contains("\"faceMatch\":{\"matched\":false");
    }

    /** A first interval over the 30 s reads grow to is taken as given: it was refused for a setting the user never named. */
    @Test
    void aPollIntervalOverThirtySecondsIsTakenAsGiven() {
        String id = field(dokai("create", "--json").out(), "id");
        mock.dokai().finish(id, "verified");

        Cli.Run waited = dokai("wait", id, "--poll-interval=1h");

        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.out()).contains(id + "  verified");
    }

    @Test
    void kycRefusalsAndBadFlags() {
        Cli.Run noKyc = Cli.run("dokai", "--api-key=" + mock.settings().dokai().noKycApiKey(), "--base-url="
                + mock.dokaiBaseUrl(), "create");
        Cli.Run domain = dokai("create", "--webhook-url", "https://evil.example.org/hook");
        Cli.Run plainHttp = dokai("create", "--webhook-url", "http://hooks.example.com/hook");
        Cli.Run unknown = dokai("get", "ver_doesnotexist");
        Cli.Run badTimeout = dokai("wait", "ver_x", "--timeout", "soon");

        assertThat(noKyc.exitCode()).isEqualTo(1);
        assertThat(noKyc.err()).contains("feature_not_enabled");
        assertThat(domain.exitCode()).isEqualTo(1);
        assertThat(domain.err()).contains("webhook_domain_not_allowed");
        assertThat(plainHttp.exitCode()).isEqualTo(2);
        assertThat(plainHttp.err()).startsWith("error: --webhook-url: must use https");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("not_found");
        assertThat(badTimeout.exitCode()).isEqualTo(2);
    }

    @Test
    void theBaseUrlHelpShowsThatProceduresAreAtTheServersRoot() {
        Cli.Run help = Cli.run("roblox", "--help");

        assertThat(help.out().lines().map(String::strip)).contains("https://rpc.example.com", "https://rpc.example.com/trpc");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("the server's root, where it serves its procedures")
                .contains("mounts tRPC under a prefix takes the prefix");
    }

    @Test
    void everyServiceCommandHasHelp() {
        for (String[] args : new String[][] {{"roblox", "--help"}, {"roblox", "begin", "--help"},
                {"roblox", "check", "--help"}, {"roblox", "wait", "--help"}, {"roblox", "complete", "--help"},
                {"roblox", "refresh", "--help"}, {"dokai", "--help"}, {"dokai", "create", "--help"},
                {"dokai", "get", "--help"}, {"dokai", "wait", "--help"}}) {
            Cli.Run run = Cli.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).contains("Usage: verifykit");
        }
    }
}
