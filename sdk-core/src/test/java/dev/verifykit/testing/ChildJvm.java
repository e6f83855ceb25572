package dev.verifykit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a JVM of its own (a heap of its own to measure or run out of),
 * with this JVM's class path, and returns what it printed. Its wait is a hang guard only (9 minutes):
 * the work is CPU-bound and takes several times longer on a loaded machine; a test calling it sets a
 * JUnit {@code @Timeout} of 10 minutes, past this build's default of 60 s, which cut such a test on a
 * loaded machine while its child was still working. The child is killed if the wait ends first.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** Runs {@code main} with {@code jvmOptions} (e.g. {@code -Xmx256m}) until it ends; its output and errors. */
    public static String run(Class<?> main, Path dir, String... jvmOptions) throws IOException, InterruptedException {
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(child.waitFor(9, TimeUnit.MINUTES)).as("the child JVM ended").isTrue();
        } finally {
            child.destroyForcibly();
        }
        return Files.readString(out);
    }
}
