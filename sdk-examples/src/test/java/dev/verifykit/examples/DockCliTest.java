package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.testing.Background;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code verifykit dock …} through picocli against the embedded mock server. */
class DockCliTest {
    @RegisterExtension
    static final MockServerExtension MOCK = MockServerExtension.with(MockSettings.builder().dock(DockSettings.builder()
            .minPollInterval(Duration.ofMillis(100)).build()).build());

    private final MockServer mock;

    DockCliTest(MockServer mock) {
        this.mock = mock;
    }

    private Cli.Run dock(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "dock";
        all[1] = "--api-key=" + mock.settings().dock().freeApiKey();
        all[2] = "--base-url=" + mock.dockBaseUrl();
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(all);
    }

    private String createdId() {
        Cli.Run run = dock("create", "--pid", "PID-FREE0001", "--client-id", "cli-user", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().replaceAll("(?s).*\"id\":\"(vsn_[A-Za-z0-9]+)\".*", "$1").trim();
    }

    @Test
    void createPrintsTheSessionAsTextOrJson() {
        Cli.Run text = dock("create", "--pid", "PID-FREE0001", "--client-id", "cli-user", "--idempotency-key", "cli-key-1");
        Cli.Run json = dock("create", "--pid", "PID-FREE0001", "--client-id", "cli-user", "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("pending").contains("verifyUrl " + mock.dockBaseUrl())
                .contains("idempotency key cli-key-1");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out().trim()).startsWith("{\"id\":\"vsn_").contains("\"reusedExisting\":true")
                .contains("\"status\":\"pending\"");
        assertThat(mock.journal().entries()).first().satisfies(r -> assertThat(r.idempotencyKey()).isEqualTo("cli-key-1"));
    }

    @Test
    void aValueStartingWithAnAtSignIsSentAsWrittenNotReadFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("alice"), "from-the-file");
        String at = "@" + file;

        Cli.Run run = dock("create", "--pid", "PID-FREE0001", "--client-id", at, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(mock.journal().entries()).last().satisfies(create -> assertThat(create.body())
                .contains("\"clientId\":\"" + at + "\"").doesNotContain("from-the-file"));
    }

    @Test
    void getAndWaitSeeTheCompletion() throws Exception {
        String id = createdId();
        CompletableFuture<Cli.Run> waiting = Background.supply(() -> dock("wait", id, "--json"));
        for (int i = 0; i < 60_000 && mock.dock().heldLongPolls() == 0; i++) {
            Thread.sleep(1); // until the wait's long-poll is held, so that the completion answers it
        }
        assertThat(mock.dock().heldLongPolls()).as("the wait's long-poll is held").isEqualTo(1);
        mock.dock().complete(id, "123456789012345678", "156319135");

        Cli.Run waited = waiting.get(20, TimeUnit.SECONDS);
        Cli.Run read = dock("get", id);

        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.out()).contains("\"status\":\"completed\"").contains("\"robloxId\":\"156319135\"");
        assertThat(read.out()).contains("completed").contains("link: discord 123456789012345678 = roblox 156319135");
    }

    /** A plan is taken in any case, as the README and the help write it and as people type it. */
    @Test
    void aPlanIsTakenInAnyCase() {
        String id = createdId();
        mock.dock().complete(id, "123456789012345678", "156319135");

        Cli.Run lower = dock("wait", id, "--plan", "premium", "--json");
        Cli.Run mixed = dock("wait", id, "--plan=Free", "--json");

        assertThat(lower.exitCode()).as(lower.err()).isZero();
        assertThat(lower.out()).contains("\"status\":\"completed\"");
        assertThat(mixed.exitCode()).as(mixed.err()).isZero();
    }

    /**
     * The wait's first read is answered at once with the pending session, as Dock answered a read of
     * it just before; its next read is refused with a Retry-After (2 minutes) past the wait's 20 s, so
     * the wait gives up at its timeout without holding a long-poll until it. It had a 2-s timeout and
     * a first long-poll held about a second: on a loaded machine that answer came after the deadline,
     * which cut it, and no progress line was printed at all. Now the deadline is 20 s from reads
     * answered at once; a read delayed past the second one's turn still ends at the deadline.
     */
    @Test
    void aWaitShowsItsProgressAndGivesUpAtItsTimeout() throws Exception {
        String id = createdId();
        String path = "/dock/v2/sessions/" + id;
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(mock.dockBaseUrl()
                + "/v2/sessions/" + id)).header("Authorization", "Bearer " + mock.settings().dock().freeApiKey()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains("\"status\":\"pending\"");
        mock.faults().add("GET", path, MockFault.respond(200).withBody(read.body()), 1);
        mock.faults().add("GET", path, MockFault.respond(503).withHeader("Retry-After", "120"), 1);

        Cli.Run run = dock("wait", id, "--timeout", "20s");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).containsPattern("dock " + id + ": pending, \\d+s left, polls 1 of 60")
                .contains("error: dock: the wait reached its deadline");
    }

    @Test
    void parentOptionsMayFollowTheSubcommand() {
        Cli.Run run = Cli.run("dock", "create", "--pid", "PID-FREE0001", "--client-id", "late-flags",
                "--api-key", mock.settings().dock().freeApiKey(), "--base-url", mock.dockBaseUrl());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("pending");
    }

    @Test
    void aMissingApiKeyIsAUsageError() {
        Cli.Run run = Cli.run("dock", "--base-url=" + mock.dockBaseUrl(), "get", "vsn_x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--api-key");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // three JVMs of its own: slow on a loaded machine
    void createTakesTheKeyAndThePidFromTheEnvironment() throws Exception {
        Map<String, String> environment = Map.of("DOCK_API_KEY", mock.settings().dock().freeApiKey(),
                "DOCK_BASE_URL", mock.dockBaseUrl());
        Map<String, String> withPid = new HashMap<>(environment);
        withPid.put("DOCK_PID", mock.settings().dock().freePid());
        Map<String, String> blankPid = new HashMap<>(environment);
        blankPid.put("DOCK_PID", "");

        Cli.Run created = Cli.withEnvironment(withPid, "dock", "create", "--client-id", "env-user", "--json");
        Cli.Run noPid = Cli.withEnvironment(environment, "dock", "create", "--client-id", "env-user");
        Cli.Run blank = Cli.withEnvironment(blankPid, "dock", "create", "--client-id", "env-user");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("\"pid\":\"" + mock.settings().dock().freePid() + "\"");
        assertThat(noPid.exitCode()).isEqualTo(2);
        assertThat(noPid.err()).isEqualTo("error: no pid: pass --pid or set DOCK_PID\n");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).isEqualTo(noPid.err());
        assertThat(mock.journal().entries()).hasSize(1);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // JVMs of their own: slow on a loaded machine
    void anEmptyBaseUrlFlagIsAUsageErrorNotTheProductionUrl() throws Exception {
        // "--base-url=" counted as not given: the key went to Dock's production URL, over the variable too
        String key = mock.settings().dock().freeApiKey();
        Cli.Run overVariable = Cli.withEnvironment(Map.of("DOCK_API_KEY", key, "DOCK_BASE_URL", mock.dockBaseUrl()),
                "dock", "--base-url=", "get", "vsn_x");
        Cli.Run onSubcommand = Cli.withEnvironment(Map.of("DOCK_API_KEY", key), "dock", "get", "--base-url", "", "vsn_x");

        assertThat(overVariable.exitCode()).as(overVariable.err()).isEqualTo(2);
        assertThat(overVariable.err())
                .isEqualTo("error: no base URL: --base-url is empty (leave it out to use DOCK_BASE_URL)\n");
        assertThat(onSubcommand.exitCode()).as(onSubcommand.err()).isEqualTo(2);
        assertThat(onSubcommand.err())
                .isEqualTo("error: no base URL: --base-url is empty (leave it out to use Dock's own URL)\n");
        assertThat(mock.journal().entries()).isEmpty();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a JVM of its own: slow on a loaded machine
    void anEmptyFlagOverTheVariableIsNamedAsTheFlagNotAsAVariableToSet() throws Exception {
        // the flag overrides the variable, so "set DOCK_API_KEY" sent the user to fix what was fine
        String key = mock.settings().dock().freeApiKey();
        Cli.Run run = Cli.withEnvironment(Map.of("DOCK_API_KEY", key, "DOCK_BASE_URL", mock.dockBaseUrl()),
                "dock", "--api-key=", "get", "vsn_x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: no API key: --api-key is empty (leave it out to use DOCK_API_KEY)\n");
        assertThat(mock.journal().entries()).isEmpty();
    }

    @Test
    void streamPrintsEachStateUntilTheEnd() throws Exception {
        String id = createdId();
        Cli.Running streaming = Cli.start("dock", "--api-key=" + mock.settings().dock().freeApiKey(),
                "--base-url=" + mock.dockBaseUrl(), "stream", id);
        // Completed once the command has printed the pending state (the mock writes a stream's first
        // event when it starts writing the body, which on a loaded machine may come after a completion).
        streaming.awaitOutput("pending", Duration.ofSeconds(60));
        mock.dock().complete(id);

        Cli.Run run = streaming.result(Duration.ofSeconds(60));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsSubsequence("pending", "completed");
    }

    @Test
    void refusedRequestsAreOneLineErrorsWithExitCode1() {
        Cli.Run unknown = dock("get", "vsn_AAAAAAAAAAAAAAAAAAAAAA");
        Cli.Run forbidden = dock("create", "--pid", "PID-PREM0001", "--client-id", "u");
        Cli.Run badKey = Cli.run("dock", "--api-key=nope", "--base-url=" + mock.dockBaseUrl(), "get", "vsn_x");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().trim()).startsWith("error: ").contains("SESSION_NOT_FOUND").doesNotContain("\n");
        assertThat(forbidden.exitCode()).isEqualTo(1);
        assertThat(forbidden.err()).contains("FORBIDDEN");
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).contains("INVALID_API_KEY").doesNotContain("nope");
    }

    @Test
    void badFlagsAreUsageErrorsWithExitCode2AndNothingSent() {
        Cli.Run missing = dock("create", "--client-id", "u");
        Cli.Run unknownFlag = dock("get", "vsn_x", "--frobnicate");
        Cli.Run badGuild = dock("create", "--pid", "PID-FREE0001", "--client-id", "u", "--guild-id", "12");
        Cli.Run badWait = dock("get", "vsn_x", "--wait", "99s");
        Cli.Run plainHttp = Cli.run("dock", "--api-key=dock_test_free", "--base-url=http://example.com/dock", "get", "vsn_x");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--pid");
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
        // a value the client refuses before sending is bad usage too (it exited with 1)
        assertThat(badGuild.exitCode()).isEqualTo(2);
        assertThat(badGuild.err()).startsWith("error: --guild-id: must be a Discord snowflake");
        assertThat(badWait.exitCode()).isEqualTo(2);
        assertThat(badWait.err()).startsWith("error: --wait: must be whole seconds");
        assertThat(plainHttp.exitCode()).isEqualTo(2);
        assertThat(plainHttp.err()).startsWith("error: --base-url: must use https");
        assertThat(mock.journal().entries()).isEmpty();
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"dock", "--help"}, {"dock", "create", "--help"},
                {"dock", "get", "--help"}, {"dock", "wait", "--help"}, {"dock", "stream", "--help"}, {"demo", "--help"},
                {"webhook", "--help"}, {"webhook", "verify", "--help"}, {"webhook", "serve", "--help"}}) {
            Cli.Run run = Cli.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).contains("Usage: verifykit");
        }
    }
}
