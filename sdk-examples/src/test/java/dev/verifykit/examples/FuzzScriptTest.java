package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/fuzz} (RELIABILITY.md: "{@code bench/fuzz [Class[#method]]} fuzzes each for its
 * {@code maxDuration}") runs one Maven build per harness. A harness that failed, with a finding or
 * because its build could not run (a dependency not resolvable offline, a compile error), was
 * reported on a line of its own and the script still exited 0, as it did when the name given matched
 * no harness and nothing was fuzzed: a caller ({@code bench/fuzz && …}, a CI job) took either for a
 * clean run. The Maven wrapper is a stand-in that fails, as a build does.
 */
class FuzzScriptTest {
    @TempDir
    Path root;

    private Process run(String... args) throws Exception {
        Path bench = Files.createDirectories(root.resolve("bench"));
        Path script = bench.resolve("fuzz");
        Files.copy(Path.of("..", "bench", "fuzz"), script, StandardCopyOption.COPY_ATTRIBUTES,
                StandardCopyOption.REPLACE_EXISTING);
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\necho \"[ERROR] the build failed\" >&2\nexit 1\n");
        mvnw.toFile().setExecutable(true);
        String[] command = new String[args.length + 1];
        command[0] = script.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }

    private static int exitOf(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return process.exitValue();
    }

    @Test
    void aHarnessWhoseRunFailedFailsTheScript() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");

        assertThat(exitOf(run("WebhookFuzzTest#signatureHeaderParser"))).as("the exit code after its build failed")
                .isNotZero();
    }

    @Test
    void aNameThatMatchesNoHarnessIsBadUsage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/env")), "a Unix-like system");

        assertThat(exitOf(run("WebhookFuzTest"))).as("the exit code when nothing was fuzzed").isNotZero();
    }
}
