package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application shutting down (a servlet container's undeploy, a Spring context's close) closes its
 * Redis store on a thread whose context class loader is the application's, then shuts its
 * {@code RedisClient} down: after that no thread may keep the application's class loader. The close
 * of a store owning its connection, with a follow-up still unanswered (a report or an extension sent
 * without waiting, as a client's close sends them just before), bounded the wait for it with
 * {@code CompletableFuture.orTimeout}, which starts the JDK's one delay-scheduler thread (never
 * ended: {@code CompletableFutureDelayScheduler} on Java 17, {@code ForkJoinPool.commonPool-delayScheduler}
 * on Java 25) from the closing thread: that thread took the application's context class loader (and
 * its inheritable thread-locals) for the life of the JVM, so the application could never be
 * unloaded. Checked in a child JVM, where no earlier test started that thread already.
 */
class StoreCloseKeepsNoClassLoaderTest {
    @Test
    void closingAnOwnedStoreOnTheApplicationsThreadLeavesNoThreadWithItsClassLoader(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Application.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        // output to a file, not a pipe read first: a child that hangs fails the test instead of hanging it
        boolean ended = child.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("child.out"), StandardCharsets.UTF_8);
        assertThat(ended).as("the child ended: " + output).isTrue();
        assertThat(output).contains("store closed");
        assertThat(output).as("the threads left with the application's class loader")
                .contains("no thread keeps the application's class loader");
        assertThat(child.exitValue()).isZero();
    }

    /** The child: an application that uses an owned store, then closes it and its Redis client on its own thread. */
    static final class Application {
        public static void main(String[] args) throws Exception {
            List<String> keeping = new ArrayList<>();
            try (RedisServerProcess server = RedisServerProcess.start()) {
                RedisClient client = server.client();
                RedisReplayGuard guard = RedisReplayGuard.builder(client).build();
                ReplayGuard.Claim claim = guard.claim("delivery/one", Instant.now());
                assertThat(claim.kind()).isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);

                ClassLoader application = new URLClassLoader(new URL[0], null);
                Thread closing = new Thread(guard::close, "application-shutdown");
                closing.setContextClassLoader(application);
                try (RedisServerProcess.Frozen frozen = server.freeze()) {
                    // sent without waiting for its answer, which a frozen Redis leaves pending: the close
                    // bounds its wait for it
                    guard.extend(claim, Instant.now());
                    closing.start();
                    closing.join(TimeUnit.MINUTES.toMillis(1));
                }
                Thread shutdown = new Thread(client::shutdown, "application-shutdown-redis");
                shutdown.setContextClassLoader(application);
                shutdown.start();
                shutdown.join(TimeUnit.MINUTES.toMillis(1));
                System.out.println("store closed: " + !closing.isAlive() + ", client shut down: " + !shutdown.isAlive());

                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a bound on a hang, not a measure
                do {
                    keeping.clear();
                    for (Thread thread : Thread.getAllStackTraces().keySet()) {
                        if (thread.isAlive() && thread.getContextClassLoader() == application) {
                            keeping.add(thread.getName());
                        }
                    }
                    if (!keeping.isEmpty()) {
                        Thread.sleep(50);
                    }
                } while (!keeping.isEmpty() && System.nanoTime() - end < 0);
            } // the Redis server stopped before the exit below, which would leave it running
            System.out.println(keeping.isEmpty() ? "no thread keeps the application's class loader"
                    : "threads keeping the application's class loader: " + keeping);
            System.exit(keeping.isEmpty() ? 0 : 1);
        }
    }
}
