package dev.verifykit.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library speaks only through System.Logger and exceptions, which SecretLeakGuard scans; the one
 * exception is the request log to standard error that {@code VERIFYKIT_LOG} turns on
 * ({@code StderrLog}), which prints events only and is checked by {@code StderrLogTest}.
 */
class LibraryOutputTest {
    @Test
    void noLibrarySourceWritesToStandardOutputOrPrintsStackTraces() throws IOException {
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../sdk-sse/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readAllLines(file).stream().map(String::trim)
                            .filter(line -> !line.startsWith("*") && !line.startsWith("/*") && !line.startsWith("//"))
                            .reduce("", (a, b) -> a + b + "\n");
                    boolean optedInLog = file.endsWith(Path.of("event", "internal", "StderrLog.java"));
                    assertThat(source).as(file.toString()).doesNotContain("System.out").doesNotContain("printStackTrace");
                    if (!optedInLog) {
                        assertThat(source).as(file.toString()).doesNotContain("System.err");
                    }
                }
            }
        }
    }
}
