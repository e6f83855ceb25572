package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MockServerMain#runUntilShutdown} serves "for launchers that embed the standalone server"
 * (the CLI's {@code verifykit mock}); a launcher ends it by interrupting its thread, and it then
 * returns with the server closed. The JVM-wide shutdown hook it registered to stop the server was
 * left registered: each embedded run kept its closed {@link MockServer} (its journal, its state)
 * reachable from the JVM's hook list until the JVM exits. Checked in a child JVM, which may read
 * that list ({@code --add-opens java.base/java.lang}).
 */
class MockMainLeavesNoShutdownHookTest {
    /** The child: runs the server on a thread, interrupts it once it has started, and prints the hooks left. */
    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        PrintStream out = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                if (b == '\n') {
                    started.countDown();
                }
            }
        }, true, StandardCharsets.UTF_8);
        int[] exit = {-1};
        Thread launcher = new Thread(() -> exit[0] = MockServerMain.runUntilShutdown(new String[0], out, System.err),
                "embedding-launcher");
        launcher.start();
        if (!started.await(60, TimeUnit.SECONDS)) {
            System.out.println("RESULT the server did not start");
            return;
        }
        launcher.interrupt();
        launcher.join(TimeUnit.SECONDS.toMillis(60));
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field field = hooks.getDeclaredField("hooks");
        field.setAccessible(true);
        long left;
        synchronized (hooks) {
            left = ((Map<?, ?>) field.get(null)).keySet().stream()
                    .filter(hook -> ((Thread) hook).getName().equals("verifykit-mock-shutdown")).count();
        }
        System.out.println("RESULT ended=" + !launcher.isAlive() + " exit=" + exit[0] + " hooksLeft=" + left);
    }

    @Test
    void anEmbeddedRunEndedByAnInterruptLeavesNoShutdownHookHoldingItsServer(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                MockMainLeavesNoShutdownHookTest.class.getName())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        String printed = Files.readString(out);
        assertThat(printed).as("what the child JVM printed").contains("RESULT ended=true exit=0")
                .contains("hooksLeft=0");
    }
}
