package dev.verifykit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw socket server playing a hostile server: each connection is handed to the handler with
 * the request head read; after the handler returns, the socket stays open until the client closes
 * it (a server that never closes), unless the handler closed it. Counts open connections.
 */
public final class RawServer implements AutoCloseable {
    public interface Handler {
        void handle(Conn conn) throws Exception;
    }

    /** Writes {@code head}, then {@code piece} every 20 ms until the client leaves: an answer that never ends. */
    public static Handler trickling(String head, String piece) {
        return conn -> {
            conn.write(head);
            try {
                while (true) {
                    conn.write(piece);
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException gone) {
                // the client left
            }
        };
    }

    /** Writes {@code text} and closes the connection: an answer cut short. */
    public static Handler cutAfter(String text) {
        return conn -> {
            conn.write(text);
            conn.socket.close();
        };
    }

    public static final class Conn {
        public final Socket socket;
        public final InputStream in;
        public final OutputStream out;
        public String head;
        public byte[] body;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request (head and Content-Length body); false at EOF. */
        public boolean readRequest() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                buf.write(b);
                byte[] a = buf.toByteArray();
                int n = a.length;
                if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                    break;
                }
            }
            if (b == -1) {
                return false;
            }
            head = buf.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            body = in.readNBytes(length);
            return true;
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }
    }

    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-server");
        t.setDaemon(true);
        return t;
    });
    public final AtomicInteger open = new AtomicInteger();
    public final AtomicInteger accepted = new AtomicInteger();
    public final List<String> heads = new CopyOnWriteArrayList<>();
    public final List<Throwable> handlerErrors = new CopyOnWriteArrayList<>();

    public RawServer(Handler handler) throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(() -> {
            while (!serverSocket.isClosed()) {
                Socket socket;
                try {
                    socket = serverSocket.accept();
                } catch (IOException e) {
                    return;
                }
                accepted.incrementAndGet();
                open.incrementAndGet();
                threads.execute(() -> serve(socket, handler));
            }
        });
    }

    private void serve(Socket socket, Handler handler) {
        try (socket) {
            Conn conn = new Conn(socket);
            if (!conn.readRequest()) {
                return;
            }
            heads.add(conn.head);
            try {
                handler.handle(conn);
            } catch (Exception e) {
                handlerErrors.add(e);
            }
            if (!socket.isClosed()) {
                socket.setSoTimeout(120_000);
                byte[] sink = new byte[8192];
                while (conn.in.read(sink) != -1) {
                    // a server that never closes: wait for the client to
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.decrementAndGet();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + serverSocket.getLocalPort() + path;
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        threads.shutdownNow();
    }
}
