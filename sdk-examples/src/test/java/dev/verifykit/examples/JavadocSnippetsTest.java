package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The code samples of sdk-core's Javadoc that a reader copies as they are compile against the
 * current API, on the Java the project supports (17: README, "Needs only a JDK 17 or newer"): the
 * exceptions' "in a fake of your own" lines, the sample of a status of the RPC (one whose
 * sample needs Java 21, as {@code DokaiWebhookEvent}'s, says so beside it), and the sample of a
 * session stream's listener, whose {@code this::store} named a method of the listener, which has
 * none: it compiled in no reader's class.
 */
class JavadocSnippetsTest {
    private static final Path CORE = Path.of("..", "sdk-core", "src", "main", "java", "dev", "verifykit");
    private static final Pattern CODE = Pattern.compile("<pre>\\{@code\\n(.*?)\\n \\* }</pre>", Pattern.DOTALL);

    /** What the samples use besides the API: the reader's own variables and methods. */
    private static final String CONTEXT = """
            import dev.verifykit.dock.*;
            import dev.verifykit.error.*;
            import dev.verifykit.roblox.*;
            import dev.verifykit.webhook.*;
            import java.util.List;
            import java.util.Map;

            abstract class Sample {
                interface Log { void info(String format, Object... args); void warn(String message, Throwable error); }
                Log log;
                RobloxVerificationClient rpc;
                SessionStreams streams;
                DockSession session;
                String sessionId;
                WebhookVerifier verifier;
                byte[] body;
                Map<String, List<String>> headers;
                abstract void show(String text);
                abstract void signIn(String jwt, RobloxUser user);
                abstract void offerRetry();
                abstract void onOutcome(Object session);
                abstract void onError(Object session);
                abstract void store(LinkResult link);

                void run() {
            %s
                }
            }
            """;

    @ParameterizedTest
    @CsvSource({
        "error/AuthenticationException.java",
        "error/PermissionException.java",
        "roblox/VerificationStatus.java",
        "dock/SessionListener.java",
    })
    void theSampleCompilesOnJava17(String file, @TempDir Path folder) throws IOException {
        List<String> samples = samples(CORE.resolve(file));
        assertThat(samples).as("samples of %s", file).isNotEmpty();
        for (String sample : samples) {
            Path source = folder.resolve("Sample.java");
            Files.writeString(source, CONTEXT.formatted(sample));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = javac.run(null, errors, errors, "--release", "17", "-proc:none", "-d",
                    folder.resolve("classes").toString(), "-cp", System.getProperty("java.class.path"),
                    source.toString());
            assertThat(status).as("the Javadoc sample of %s compiles on Java 17:%n%s%n%s", file, sample,
                    errors.toString(StandardCharsets.UTF_8)).isZero();
        }
    }

    private static List<String> samples(Path file) throws IOException {
        List<String> samples = new ArrayList<>();
        Matcher m = CODE.matcher(Files.readString(file));
        while (m.find()) {
            samples.add(m.group(1).replaceAll("(?m)^ \\* ?", ""));
        }
        return samples;
    }
}
