package dev.verifykit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that delays every chunk it forwards, in each direction, by a random time
 * up to a maximum: what a jittery network does to requests (which arrive late, and bunched) and to
 * answers. Order within a connection is kept. Close it to stop. Shipped in sdk-core's test jar.
 */
public final class JitterProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final long maxDelayMillis;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong chunks = new AtomicLong();
    private volatile boolean closed;

    public JitterProxy(int targetPort, long maxDelayMillis) throws IOException {
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.maxDelayMillis = maxDelayMillis;
        Thread acceptor = new Thread(this::accept, "jitter-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Chunks forwarded so far, each after its own random delay. */
    public long chunksDelayed() {
        return chunks.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                client.setTcpNoDelay(true);
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(maxDelayMillis + 1));
                    out.write(buffer, 0, read);
                    out.flush();
                    chunks.incrementAndGet();
                }
            } catch (IOException | InterruptedException ended) {
                // one side closed: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "jitter-proxy-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(JitterProxy::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
