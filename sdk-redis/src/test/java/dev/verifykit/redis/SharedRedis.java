package dev.verifykit.redis;

import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

/**
 * One redis-server and one client for the tests of this JVM that do not stop Redis, started on
 * first use and stopped when the JVM ends. Tests keep apart by each using its own
 * {@link #namespace()}.
 */
final class SharedRedis {
    /**
     * The command timeout of the stores of tests that do not test it: a bound on a hang, never a
     * measure of speed. The default (500 ms) is one a loaded machine exceeds (a contention test's
     * claim failed with RedisTimeout), and a failure starts a cool-down that fails the calls after it.
     */
    static final Duration PATIENT = Duration.ofSeconds(30);

    private static RedisServerProcess server;
    private static RedisClient client;

    private SharedRedis() {}

    static synchronized RedisClient client() {
        if (client == null) {
            try {
                server = RedisServerProcess.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            client = server.client();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.shutdown();
                try {
                    server.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shared-redis-stop"));
        }
        return client;
    }

    static synchronized RedisServerProcess server() {
        client();
        return server;
    }

    /** A namespace no other test uses. */
    static String namespace() {
        return "t-" + UUID.randomUUID();
    }
}
