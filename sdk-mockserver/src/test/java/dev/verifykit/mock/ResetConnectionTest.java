package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A connection whose exchange fails is closed by the mock: mockwebserver3 only logs such a
 * connection (a client that reset it, one gone while its long-poll was held) and kept it open until
 * the server closed, one file descriptor each; a long-running mock ran out of them.
 */
class ResetConnectionTest {
    private static final int CLIENTS = 40;

    @Test
    void connectionsResetByTheirClientsAreClosed() throws Exception {
        assumeTrue(new File("/proc/self/fd").isDirectory(), "counts this process's sockets in /proc/self/fd");
        try (MockServer mock = MockServer.start()) {
            mock.faults().add("GET", "/dock/v2/sessions/*", MockFault.delayHead(Duration.ofMillis(300)), CLIENTS);
            long before = sockets();
            for (int i = 0; i < CLIENTS; i++) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), mock.port())) {
                    client.getOutputStream().write("GET /dock/v2/sessions/vsn_x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    mock.journal().await(MockJournalQuery.all().method("GET"), i + 1, Duration.ofSeconds(30));
                    client.setSoLinger(true, 0); // gone with a reset while its answer is held: the mock's write fails
                }
            }

            // the mock's threads see the resets in their own time: waited for, not timed
            for (int i = 0; i < 3_000 && sockets() > before + 2; i++) {
                Thread.sleep(10); // a hang guard of 30 s
            }

            assertThat(sockets()).as("sockets of this process (the mock's) after %d connections were reset", CLIENTS)
                    .isLessThanOrEqualTo(before + 2);
        }
    }

    private static long sockets() {
        File[] fds = new File("/proc/self/fd").listFiles();
        long count = 0;
        for (File fd : fds == null ? new File[0] : fds) {
            try {
                if (Files.readSymbolicLink(fd.toPath()).toString().startsWith("socket:")) {
                    count++;
                }
            } catch (IOException | UnsupportedOperationException gone) {
                // closed while listed
            }
        }
        return count;
    }
}
