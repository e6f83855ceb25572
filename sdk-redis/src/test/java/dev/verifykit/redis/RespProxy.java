package dev.verifykit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy to Redis for the network's failures between a store and Redis: on its first connection it
 * can lose what the store writes ({@link #losingCommands}) or what Redis answers ({@link #losingAnswers}),
 * counting down {@link #lost} at the first loss, and be cut ({@link #killFirst()}); the commands of
 * later connections (the reconnect) wait for {@link #open} unless {@code reconnectsAtOnce}.
 */
final class RespProxy implements AutoCloseable {
    final CountDownLatch lost = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);
    /** Counted down once the store has closed its side of the first connection. */
    final CountDownLatch firstClosedByStore = new CountDownLatch(1);
    volatile boolean losingCommands;
    volatile boolean losingAnswers;
    /**
     * How many of the next connections the proxy ends before any answer, as a Redis dropping a
     * connection would: it closes its side at once (the store reads the end) and reads what the
     * store writes until the store closes too (so nothing unread resets the connection).
     */
    final AtomicInteger endingAtOnce = new AtomicInteger();
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger count = new AtomicInteger();
    private final List<Socket> first = new CopyOnWriteArrayList<>();
    private final List<Socket> all = new CopyOnWriteArrayList<>();

    RespProxy(int target, boolean reconnectsAtOnce) throws IOException {
        if (reconnectsAtOnce) {
            open.countDown();
        }
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    if (endingAtOnce.getAndUpdate(k -> Math.max(0, k - 1)) > 0) {
                        all.add(client);
                        start(() -> endAtOnce(client), "resp-proxy-end");
                        continue;
                    }
                    int n = count.getAndIncrement();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    all.add(client);
                    all.add(server);
                    if (n == 0) {
                        first.add(client);
                        first.add(server);
                    }
                    start(() -> pump(client, server, n, true), "resp-proxy-up-" + n);
                    start(() -> pump(server, client, n, false), "resp-proxy-down-" + n);
                } catch (IOException e) {
                    return;
                }
            }
        }, "resp-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private static void start(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, int connection, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            boolean gated = upstream && connection >= 1;
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (connection == 0 && (upstream ? losingCommands : losingAnswers)) {
                    lost.countDown(); // lost: never reaches the other side
                    continue;
                }
                if (gated) {
                    open.await(60, TimeUnit.SECONDS);
                    gated = false;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
            if (connection == 0 && upstream) {
                firstClosedByStore.countDown(); // the end of what the store writes: it closed the connection
            }
        } catch (IOException | InterruptedException ignored) {
            // closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static void endAtOnce(Socket client) {
        try (client) {
            client.shutdownOutput();
            client.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // closed
        }
    }

    /** Cuts the first connection (both sides). */
    void killFirst() throws IOException {
        for (Socket s : first) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        open.countDown();
        listener.close();
        for (Socket s : all) {
            s.close();
        }
    }
}
