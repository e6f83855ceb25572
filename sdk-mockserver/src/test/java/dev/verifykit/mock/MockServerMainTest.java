package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.squareup.moshi.Moshi;
import kotlin.Unit;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class MockServerMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(java.util.function.Consumer<MockServer> serve, String... args) {
        return MockServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), serve);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) throws Exception {
        return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(line);
    }

    @Test
    void startsWithTheFlagsAndPrintsOneJsonLineFirst() throws Exception {
        AtomicReference<MockServer> seen = new AtomicReference<>();
        int code = run(server -> {
            seen.set(server);
            assertThat(new Http(server).get(null, "/_mock/health").status()).isEqualTo(200);
        }, "--port", "0", "--host", "127.0.0.1", "--dock-session-lifetime", "2s", "--dock-create-burst=2",
                "--dock-create-refill", "500ms", "--dock-min-poll-interval", "0", "--dock-max-wait", "5s",
                "--dock-stream-max-duration", "1m", "--dock-keep-alive", "1h", "--dock-stream-retry", "PT0.25S",
                "--dock-free-poll-cap", "3", "--dock-premium-poll-cap", "4", "--dock-terminal-retention", "1d",
                "--dock-idempotency-ttl", "2h", "--dock-free-daily-limit", "10", "--dock-premium-daily-limit", "20",
                "--dock-free-api-key", "free_k", "--dock-free-pid", "PID-F", "--dock-premium-api-key", "prem_k",
                "--dock-premium-pid", "PID-P");

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        MockServer server = seen.get();
        DockSettings dock = server.settings().dock();
        assertThat(dock.sessionLifetime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(dock.createBurst()).isEqualTo(2);
        assertThat(dock.createRefill()).isEqualTo(Duration.ofMillis(500));
        assertThat(dock.minPollInterval()).isZero();
        assertThat(dock.maxWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dock.streamMaxDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(dock.keepAlive()).isEqualTo(Duration.ofHours(1));
        assertThat(dock.streamRetry()).isEqualTo(Duration.ofMillis(250));
        assertThat(dock.freePollCap()).isEqualTo(3);
        assertThat(dock.premiumPollCap()).isEqualTo(4);
        assertThat(dock.terminalRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(dock.idempotencyTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(dock.freeDailyLimit()).isEqualTo(10);
        assertThat(dock.premiumDailyLimit()).isEqualTo(20);

        String first = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        Map<String, Object> startup = json(first);
        assertThat(startup).containsOnlyKeys("dock", "roblox", "dokai", "control", "credentials")
                .containsEntry("dock", server.dockBaseUrl())
                .containsEntry("roblox", server.robloxBaseUrl())
                .containsEntry("dokai", server.dokaiBaseUrl())
                .containsEntry("control", server.controlBaseUrl());
        assertThat(startup.get("credentials")).isEqualTo(Map.of("dock", Map.of(
                "free", Map.of("apiKey", "free_k", "pid", "PID-F"),
                "premium", Map.of("apiKey", "prem_k", "pid", "PID-P")),
                "roblox", Map.of("verificationSecret", "rbx_test_secret"),
                "dokai", Map.of("apiKey", "dk_test_mock", "noKycApiKey", "dk_test_nokyc", "webhookSecret", "whsec_mock",
                        "otherApiKey", "dk_test_other")));
        assertThatThrownBy(() -> new Http(server).get(null, "/_mock/health")).as("closed after serve")
                .isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void badFlagsPrintOneLineAndExitWith2() {
        String[][] cases = {
                {"--bogus"}, {"--port"}, {"--port", "http"}, {"--port", "70000"}, {"--dock-session-lifetime", "5 min"},
                {"--dock-free-poll-cap", "0"}, {"--dock-max-wait", "1500ms"}, {"--dock-create-refill", "-1s"},
                {"--dock-free-api-key", "same", "--dock-premium-api-key", "same"}, {"positional"},
                {"--host", "no-such-host.invalid"}, // a name that does not resolve was a failed start, exit 1
                // a value with a line break (a rule written over two lines) was quoted as given, on two lines
                {"--fault=GET\n/dock/**"}, {"--dokai-allowed-webhook-domains=hooks.example.com\nevil.example"}};
        for (String[] args : cases) {
            out.reset();
            err.reset();
            assertThat(run(server -> { }, args)).as(String.join(" ", args)).isEqualTo(2);
            String error = err.toString(StandardCharsets.UTF_8);
            assertThat(error).as(String.join(" ", args)).startsWith("error: ").endsWith(System.lineSeparator());
            assertThat(error.lines().count()).as(error).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }

    /** README: "a port that cannot be bound exits with 1" (not 2: the flag is good), after one line on stderr. */
    @Test
    void aPortThatCannotBeBoundExitsWith1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = String.valueOf(taken.getLocalPort());

            assertThat(run(server -> { }, "--host", "127.0.0.1", "--port", port)).isEqualTo(1);
        }
        String error = err.toString(StandardCharsets.UTF_8);
        assertThat(error).startsWith("error: ").endsWith(System.lineSeparator());
        assertThat(error.lines().count()).as(error).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    /** A {@code --host} that does not resolve was a failed start (exit 1) whose error named no flag. */
    @Test
    void anUnresolvableHostIsBadUsageNamingTheFlag() {
        assertThat(run(server -> { }, "--host", "no-such-host.invalid")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: --host must be an address or a name this machine resolves (was 'no-such-host.invalid')");
    }

    /** A mistyped secret flag written {@code --name=value}: the error names the flag, not the value. */
    @Test
    void anUnknownFlagIsNamedWithoutTheValueGivenWithIt() {
        assertThat(run(server -> { }, "--dokai-webhook-secrte=whsec_typo_4b1d")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown flag '--dokai-webhook-secrte'")
                .doesNotContain("whsec_typo_4b1d");
    }

    /**
     * A secret can also arrive as a stray argument: a script's unset, unquoted variable makes the flag
     * before it take the next flag as its value, and the secret after that is left over (as
     * {@code --dokai-webhook-secret $UNSET --dokai-api-key $DOKAI_API_KEY} expands). {@code verifykit
     * mock}'s command line shows a stray argument only when it looks like a word.
     */
    @Test
    void aSecretLeftOverByAFlagThatTookTheNextFlagIsNotQuoted() {
        assertThat(run(server -> { }, "--dokai-webhook-secret", "--dokai-api-key", "dk_live_9f8e7d6c5b4a3f2e")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: unexpected argument")
                .doesNotContain("dk_live_9f8e7d6c5b4a3f2e");
    }

    @Test
    void helpListsEveryFlag() {
        assertThat(run(server -> { }, "--help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("--port", "--host", "--dock-session-lifetime", "--dock-create-burst",
                "--dock-create-refill", "--dock-min-poll-interval", "--dock-max-wait", "--dock-stream-max-duration",
                "--dock-keep-alive", "--dock-stream-retry", "--dock-free-poll-cap", "--dock-premium-poll-cap",
                "--dock-terminal-retention", "--dock-idempotency-ttl", "--dock-free-daily-limit",
                "--dock-premium-daily-limit", "--dock-free-api-key", "--dock-free-pid", "--dock-premium-api-key",
                "--dock-premium-pid");
    }

    @Test
    void forkedProcessPrintsTheStartupLineAndStopsOnSigterm() throws Exception {
        servesAndStops("-cp", System.getProperty("java.class.path"), MockServerMain.class.getName());
    }

    /** The module descriptor at run time: what it requires is enough to start, and it names the main class's module. */
    @Test
    void startsAsAModuleFromTheModulePath() throws Exception {
        String modulePath = Stream.of(MockServer.class, MockWebServer.class, OkHttpClient.class, Buffer.class,
                        Moshi.class, Unit.class)
                .map(MockServerMainTest::locationOf).distinct()
                .collect(Collectors.joining(File.pathSeparator));
        servesAndStops("--module-path", modulePath, "--module", "dev.verifykit.mock/" + MockServerMain.class.getName());
    }

    private static String locationOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void servesAndStops(String... launch) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(launch));
        command.addAll(List.of("--port", "0"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Map<String, Object> startup = json(stdout.readLine());
            String control = (String) startup.get("control");
            assertThat(control).startsWith("http://127.0.0.1:").endsWith("/_mock");
            assertThat(Http.send(new okhttp3.Request.Builder().url(control + "/health").build()).status())
                    .isEqualTo(200);

            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
