package dev.verifykit.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoDelayServerSocketFactoryTest {
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    /**
     * mockwebserver3 binds its server socket with a backlog of 50. Linux drops the handshake of a
     * connection that finds the accept queue full, and the client sends it again only a second or
     * more later: a burst of new connections (10,000 waits starting together) had hundreds of them
     * waiting seconds before the mock saw their requests. Here nothing accepts, so every connection
     * that completes its handshake waits in the queue: 200 of them must, at once.
     */
    @Test
    void aBurstOfConnectionsWaitsInTheAcceptQueueRatherThanHavingItsHandshakesDropped() throws Exception {
        // the queue's length and what a full queue does are the system's: this is Linux's behaviour
        assumeTrue(Files.isReadable(SOMAXCONN), "not Linux");
        int systemCap;
        try (BufferedReader in = Files.newBufferedReader(SOMAXCONN)) { // a /proc file says its size is 0
            systemCap = Integer.parseInt(in.readLine().trim());
        }
        int burst = 200;
        assumeTrue(systemCap >= burst, "net.core.somaxconn " + systemCap + " caps the queue below " + burst);

        List<Socket> clients = new ArrayList<>();
        int queued = 0;
        try (ServerSocket server = new NoDelayServerSocketFactory().createServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50); // as mockwebserver3 does
            try {
                for (; queued < burst; queued++) {
                    Socket client = new Socket();
                    clients.add(client);
                    // a queued connection completes at once, in the kernel; a dropped one waits here
                    client.connect(server.getLocalSocketAddress(), 10_000);
                }
            } catch (SocketTimeoutException dropped) {
                // its handshake was dropped: counted below
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
        assertThat(queued).as("connections queued before one's handshake was dropped").isEqualTo(burst);
    }
}
