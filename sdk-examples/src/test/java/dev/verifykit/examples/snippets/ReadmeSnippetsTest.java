package dev.verifykit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample of the README (and of the mock server's README) stands, as it is shown, in the compiled snippet sources, and
 * shows its imports: each import it shows is one of the file that holds it, and each import of
 * that file that the sample uses is shown. The Spring Boot sample stands in sdk-spring-boot-starter's tests.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+);$", Pattern.MULTILINE);

    @Test
    void everyJavaSampleOfTheReadmeIsCompiledSourceAndShowsItsImports() throws IOException {
        check(Path.of("..", "README.md"), 8);
    }

    /** The mock server's README, whose samples stand in {@link MockServerReadmeTest}. */
    @Test
    void everyJavaSampleOfTheMockServersReadmeIsCompiledSourceAndShowsItsImports() throws IOException {
        check(Path.of("..", "sdk-mockserver", "README.md"), 6);
    }

    private static void check(Path readmeFile, int atLeast) throws IOException {
        String readme = Files.readString(readmeFile);
        Map<Path, String> sources = snippetSources();
        List<String> samples = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme);
        while (m.find()) {
            samples.add(m.group(1));
        }

        assertThat(samples).hasSizeGreaterThanOrEqualTo(atLeast);
        for (String sample : samples) {
            List<String> shown = new ArrayList<>();
            Matcher imports = IMPORT.matcher(sample);
            while (imports.find()) {
                shown.add(imports.group());
            }
            String body = IMPORT.matcher(sample).replaceAll("");
            Path file = sources.entrySet().stream()
                    .filter(e -> normalized(e.getValue()).contains(normalized(body)))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            assertThat(file).as("README sample in the snippet sources:%n%s", sample).isNotNull();

            String source = sources.get(file);
            List<String> used = new ArrayList<>();
            Matcher declared = IMPORT.matcher(source);
            while (declared.find()) {
                String[] parts = declared.group(2).split("\\.");
                if (Pattern.compile("\\b" + parts[parts.length - 1] + "\\b").matcher(body).find()) {
                    used.add(declared.group());
                }
            }
            assertThat(shown).as("the imports shown with the README sample (%s):%n%s", file, sample)
                    .containsExactlyInAnyOrderElementsOf(used);
        }
    }

    private static Map<Path, String> snippetSources() throws IOException {
        Map<Path, String> all = new LinkedHashMap<>();
        // The Spring Boot sample is compiled (and run) by the starter's tests, so that Spring stays out of this module.
        for (Path folder : new Path[] {Path.of("src/main/java/dev/verifykit/examples/snippets"),
                Path.of("src/test/java/dev/verifykit/examples/snippets"),
                Path.of("../sdk-spring-boot-starter/src/test/java/dev/verifykit/spring/snippets")}) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.put(file, Files.readString(file));
                }
            }
        }
        return all;
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
