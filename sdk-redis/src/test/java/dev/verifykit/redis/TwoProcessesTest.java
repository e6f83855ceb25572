package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.testing.Background;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two JVM processes share one Redis: this one and a second {@code java} on the test class path,
 * running {@link ClaimWorker} against the same keys at the same moment. Between them every
 * delivery is claimed once, the create bucket gives exactly its burst, and each session one read.
 */
class TwoProcessesTest {
    @Test
    void twoProcessesClaimEachKeyOnceAndShareOneBucketAndOneGatePerSession() throws Exception {
        String namespace = SharedRedis.namespace();
        int port = SharedRedis.server().port();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ClaimWorker.class.getName(), Integer.toString(port), namespace).redirectErrorStream(true).start();
        try (RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build();
                RedisReplayGuard guard = RedisReplayGuard.builder(SharedRedis.client()).namespace(namespace)
                        .commandTimeout(SharedRedis.PATIENT).build()) {
            BufferedReader fromOther = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            List<String> otherLines = new ArrayList<>();
            String line;
            while ((line = fromOther.readLine()) != null && !line.equals("ready")) {
                otherLines.add(line);
            }
            assertThat(line).as("the second JVM started: %s", otherLines).isEqualTo("ready");
            CompletableFuture<List<String>> otherResult = Background.supply(() -> {
                List<String> lines = new ArrayList<>();
                try {
                    String l;
                    while ((l = fromOther.readLine()) != null && !l.equals("end")) {
                        lines.add(l);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return lines;
            });
            Writer toOther = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8);
            toOther.write("go\n");
            toOther.flush();
            ByteArrayOutputStream mine = new ByteArrayOutputStream();
            ClaimWorker.run(store, guard, new PrintStream(mine, true, StandardCharsets.UTF_8));

            List<String> theirs = otherResult.get(60, TimeUnit.SECONDS);
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).as("the second JVM: %s", theirs).isZero();
            List<String> all = new ArrayList<>(theirs);
            all.addAll(mine.toString(StandardCharsets.UTF_8).lines().toList());
            Map<String, Long> counts = all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

            for (int i = 0; i < ClaimWorker.KEYS; i++) {
                assertThat(counts.get("claimed " + i)).as("claims of key %d", i).isEqualTo(1L);
                assertThat(counts.get("read " + i)).as("reads started of session %d", i).isEqualTo(1L);
            }
            assertThat(counts.get("token")).as("tokens given, out of %d asked", 2 * ClaimWorker.TAKES)
                    .isEqualTo((long) ClaimWorker.BURST);
        } finally {
            other.destroyForcibly();
        }
    }
}
