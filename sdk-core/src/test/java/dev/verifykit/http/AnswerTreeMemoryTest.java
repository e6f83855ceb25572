package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.testing.ChildJvm;
import dev.verifykit.testing.RawServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md, Bounds: "Every buffer the SDK fills from outside has a limit; past it the caller
 * gets a typed exception, never an OutOfMemoryError", a response body bounded by maxResponseBytes
 * (4 MiB by default). A body within that bound whose unknown member is an array of empty objects
 * ({@code [{},{},…]}, 3 bytes each) is kept as a JSON tree in the session's additional properties:
 * each {@code {}} becomes one of Moshi's LinkedHashTreeMaps (its table and header node), about 60
 * times the bytes it came as. So one answer within the default bound holds over 250 MB of heap.
 *
 * <p>Shown in a JVM of its own with a 256 MiB heap (half of the project's own 512 MB goal for 10,000
 * waits), the client at its defaults: one retrieve of a 4-MiB answer ended in OutOfMemoryError (not
 * retried here: each retry reads the same answer again).
 */
class AnswerTreeMemoryTest {
    /** Serves one Dock session whose unknown member fills the default maxResponseBytes, and retrieves it. */
    public static void main(String[] args) throws Exception {
        long limit = HttpSettings.defaults().maxResponseBytes();
        StringBuilder junk = new StringBuilder((int) limit).append('[');
        while (junk.length() < limit - 4096) {
            junk.append("{},");
        }
        junk.append("{}]");
        byte[] body = HostileServerTest.PENDING.replace("\"reusedExisting\":false}",
                "\"reusedExisting\":false,\"x\":" + junk + "}").getBytes(StandardCharsets.UTF_8);
        junk = null;
        if (body.length > limit) {
            throw new IllegalStateException("the body must be within maxResponseBytes");
        }
        try (RawServer server = new RawServer(conn -> {
            conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
            conn.write(body);
        }); DockClient dock = DockClient.builder().apiKey(HostileServerTest.KEY).baseUrl(server.url("/dock")).build()) {
            DockSession session;
            try {
                session = dock.sessions().retrieve(HostileServerTest.ID, RequestOptions.builder().maxRetries(0).build());
            } catch (OutOfMemoryError e) {
                System.out.println("RESULT OutOfMemoryError for one answer of " + body.length + " bytes (maxResponseBytes "
                        + limit + ")");
                return;
            } catch (RuntimeException e) {
                System.out.println("RESULT typed " + e + ", cause " + e.getCause());
                return;
            }
            System.out.println("RESULT read " + session.id());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard only: ChildJvm's
    void oneAnswerWithinMaxResponseBytesDoesNotRunA256MibHeapOutOfMemory(@TempDir Path dir) throws Exception {
        String printed = ChildJvm.run(AnswerTreeMemoryTest.class, dir, "-Xmx256m");
        assertThat(printed).as("what the child JVM printed").contains("RESULT").doesNotContain("OutOfMemoryError");
    }
}
