package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh JVM loads to start the mock (the first test class's cost with
 * {@code MockServerExtension}, BENCHMARKS.md), and what it leaves for later: the security
 * providers, which a JVM's first {@code SecureRandom} sets up (about 10 ms of a first start; the
 * mock makes its generator at the first id or code it draws); the control plane's routes (27
 * handlers, built at its first request over HTTP); Kotlin's regular expressions, which parsing the
 * webhooks' media type loads (at the first delivery); the services' routes (a lambda class per
 * handler, built at a service's first request); Moshi, which the RPC's issue list printer built while
 * the seed users' ids were checked; the command line's flag readers. Checked in a child
 * JVM with the class-loading log, so nothing this test's JVM already loaded hides it.
 */
class StartClassesTest {

    @Test
    void startingTheMockLeavesWhatATestMayNotUseForLater(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), StartAndClose.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        // output to a file, not a pipe read first: a child that hangs fails the test instead of hanging it
        boolean ended = child.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).isTrue();
        String output = Files.readString(dir.resolve("child.out"), StandardCharsets.UTF_8);
        assertThat(output).contains("started on port");
        assertThat(child.exitValue()).isZero();

        String loaded = Files.readString(log);
        assertThat(loaded).as("the Roblox service's state was built in the child")
                .contains("dev.verifykit.mock.internal.roblox.RobloxState ");
        assertThat(loaded).doesNotContain("java.security.SecureRandom ");
        assertThat(loaded).as("the control plane's handlers, a lambda class each")
                .doesNotContain("internal.control.DockControlPlane$$Lambda", "internal.control.FaultControlPlane$$Lambda");
        assertThat(loaded).doesNotContain("okhttp3.MediaType ", "kotlin.text.Regex ");
        assertThat(loaded).as("Moshi (about 40 classes), first needed by a request's JSON or a refused RPC input's issue list")
                .doesNotContain("com.squareup.moshi.Moshi ");
        assertThat(loaded).as("the settings' flag readers and checks, a lambda class each")
                .doesNotContain("internal.settings.FlagType$$Lambda", "internal.settings.Check$$Lambda",
                        "internal.settings.Setting$$Lambda", "internal.settings.Rule$$Lambda");
        assertThat(loaded).as("the services' routes, a lambda class per handler")
                .doesNotContain("dev.verifykit.mock.internal.Routes$Route ", "internal.roblox.RobloxService$$Lambda");
        assertThat(mockLambdas(loaded)).as("the mock's own lambda classes on the start path (each is spun at run time;"
                        + " 53 before the settings and routes stopped making them)")
                .hasSizeLessThanOrEqualTo(START_LAMBDA_BUDGET);
    }

    /**
     * The lambda classes a start and close may spin: the three checks written at settings
     * (MockSettings::rules, DokaiSettings::hostNames, DokaiSettings::delays), the two services' route
     * definitions, MockServer's not-found answer, reset and clock subscription, the Roblox code
     * source and the webhook threads' factory.
     */
    private static final int START_LAMBDA_BUDGET = 10;

    private static List<String> mockLambdas(String log) {
        return log.lines().filter(line -> line.contains(" dev.verifykit.mock.") && line.contains("$$Lambda"))
                .toList();
    }

    /** The child: one start and close, as the extension does for a test class. */
    static final class StartAndClose {
        public static void main(String[] args) {
            try (MockServer server = MockServer.start()) {
                System.out.println("started on port " + server.port());
            }
        }
    }
}
