package dev.verifykit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README, "Events and logging": the table of VerifyKit's loggers says at which levels each logs. Every
 * level a published module's logger is used at is in its row: the rows of {@code dev.verifykit.webhook}
 * and {@code dev.verifykit.servlet} left out their DEBUG lines (a replay guard failing again while
 * extending a claim; a webhook body or answer the connection lost, each outcome handled), so that an
 * integrator raising only the listed levels saw nothing of them.
 */
class ReadmeLoggerTableTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> MODULES = List.of("sdk-core", "sdk-sse", "sdk-servlet", "sdk-redis",
            "sdk-micrometer", "sdk-opentelemetry", "sdk-spring-boot-starter");
    private static final Pattern LOGGER = Pattern.compile("System\\.getLogger\\((?:\"([^\"]+)\"|INSTRUMENTATION_NAME)\\)");
    private static final Pattern LEVEL = Pattern.compile("Level\\.(TRACE|DEBUG|INFO|WARNING|ERROR)\\b");
    private static final Pattern ROW = Pattern.compile("^\\| `(dev\\.verifykit\\.[a-z]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void everyLevelALoggerIsUsedAtIsInItsRow() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher logger = LOGGER.matcher(source);
                    if (!logger.find()) {
                        continue;
                    }
                    String name = logger.group(1) != null ? logger.group(1) : "dev.verifykit.opentelemetry";
                    Matcher level = LEVEL.matcher(source);
                    while (level.find()) {
                        used.computeIfAbsent(name, n -> new TreeSet<>()).add(level.group(1));
                    }
                }
            }
        }
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(ROOT.resolve("README.md")));
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }

        assertThat(used).as("loggers found").containsKeys("dev.verifykit.webhook", "dev.verifykit.servlet");
        used.forEach((logger, levels) -> {
            assertThat(rows).as("the README's logger table").containsKey(logger);
            assertThat(levels).as("the levels %s is used at, each in its README row (%s)", logger, rows.get(logger))
                    .allSatisfy(level -> assertThat(rows.get(logger)).contains(level));
        });
    }
}
