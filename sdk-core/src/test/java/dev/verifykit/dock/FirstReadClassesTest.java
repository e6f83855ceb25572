package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fresh JVM loads for its first Dock read. A cold start is mostly class loading
 * (BENCHMARKS.md), and some JDK facilities cost far more to set up than their use suggests; the
 * first read must not use them: a {@code DateTimeFormatter} parse (about 5 ms for the first
 * {@code Instant.parse}; a session's times have a direct path) and the random generator factory
 * ({@code RandomGenerator.getDefault()} scans services, about 25 ms), Kotlin's class references
 * (OkHttp 5's request tags are keyed by {@code KClass}: the first tag loads {@code ClassReference},
 * {@code Function0} … {@code Function22} and the {@code KProperty} types, 58 classes); nor may reading JSON spin a
 * lambda class per field (each one a class generated at run time; a model's adapter is one class
 * with a {@code switch}, see {@code ModelAdapter}). A parse shows as
 * {@code DateTimeParseContext}, which only parsing loads ({@code DateTimeFormatter} itself is
 * built by {@code java.time.Year} on Java 25 whatever the SDK does). Checked in a child JVM with
 * the class-loading log, so nothing this test's JVM already loaded hides it.
 */
class FirstReadClassesTest {
    @Test
    void aFirstReadParsesNoTimeWithAFormatterMakesNoRandomGeneratorFactoryNorKotlinClassReferenceAndSpinsNoLambdaToReadJson(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), FirstRead.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        // output to a file, not a pipe read first: a child that hangs fails the test instead of hanging it
        boolean ended = child.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).isTrue();
        String output = Files.readString(dir.resolve("child.out"), StandardCharsets.UTF_8);
        assertThat(output).contains("read completed");
        assertThat(child.exitValue()).isZero();

        String loaded = Files.readString(log);
        assertThat(loaded).as("the read's decoder ran in the child").contains("dev.verifykit.dock.internal.DockJson ");
        assertThat(loaded).doesNotContain("java.time.format.DateTimeParseContext ")
                .doesNotContain("java.util.random.RandomGeneratorFactory ")
                .doesNotContain("kotlin.jvm.internal.ClassReference ")
                .doesNotContainPattern("(DockJson|ModelAdapter|Values)\\$\\$Lambda");
    }

    /** The child: a client's first retrieve against a canned answer. */
    static final class FirstRead {
        public static void main(String[] args) throws IOException {
            try (MockWebServer server = new MockWebServer()) {
                server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(DockWireTest.COMPLETED).build());
                server.start();
                try (DockClient dock = DockClient.builder().apiKey("dock_test_free")
                        .baseUrl(server.url("/dock").toString()).build()) {
                    DockSession session = dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1");
                    System.out.println("read " + session.status().raw());
                }
            }
        }
    }
}
