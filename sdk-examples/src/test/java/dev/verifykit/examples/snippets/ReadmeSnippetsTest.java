package dev.verifykit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample of the README stands, as it is shown, in the compiled snippet sources (those of
 * sdk-spring-boot-starter's tests for the Spring Boot sample).
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LEADING_IMPORTS = Pattern.compile("(?:import [\\w.]+;\\s*)+");

    @Test
    void everyJavaSampleOfTheReadmeIsCompiledSource() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String sources = normalized(snippetSources());
        List<String> samples = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            samples.add(m.group(1));
        }

        assertThat(samples).hasSizeGreaterThanOrEqualTo(7);
        for (String sample : samples) {
            // A sample may open with the imports it needs, which stand at the top of the snippet's file;
            // each must be there, and the rest must stand there as shown.
            Matcher imports = LEADING_IMPORTS.matcher(sample);
            String body = imports.lookingAt() ? sample.substring(imports.end()) : sample;
            for (String line : sample.substring(0, sample.length() - body.length()).split("\n")) {
                assertThat(sources).as("README sample's import:%n%s", line).contains(normalized(line));
            }
            assertThat(sources).as("README sample:%n%s", sample).contains(normalized(body));
        }
    }

    private static String snippetSources() throws IOException {
        StringBuilder all = new StringBuilder();
        // The Spring Boot sample is compiled (and run) by the starter's tests, so that Spring stays out of this module.
        for (Path folder : new Path[] {Path.of("src/main/java/dev/verifykit/examples/snippets"),
                Path.of("src/test/java/dev/verifykit/examples/snippets"),
                Path.of("../sdk-spring-boot-starter/src/test/java/dev/verifykit/spring/snippets")}) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
