package dev.verifykit.servlet;

import jakarta.servlet.http.HttpServlet;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.eclipse.jetty.server.Server;

/**
 * A real embedded Jetty 12 (Servlet 6.1) on 127.0.0.1 and a free port, holding the servlets under
 * test. Every byte it sends on any connection (status lines, headers, bodies) is kept, up to 64 MiB,
 * so that a test can assert on everything a client received.
 */
final class Container implements AutoCloseable {
    private static final int MAX_CAPTURE = 64 * 1024 * 1024;

    private final Server server;
    private final NetworkTrafficServerConnector connector;
    private final ByteArrayOutputStream sent;

    private Container(Server server, NetworkTrafficServerConnector connector, ByteArrayOutputStream sent) {
        this.server = server;
        this.connector = connector;
        this.sent = sent;
    }

    static Container start(Consumer<Mapping> setup) throws Exception {
        return start(true, setup);
    }

    /** With the servlets' async support on or off. */
    static Container start(boolean asyncSupported, Consumer<Mapping> setup) throws Exception {
        Server server = new Server();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        NetworkTrafficServerConnector connector = new NetworkTrafficServerConnector(server);
        connector.setNetworkTrafficListener(new NetworkTrafficListener() {
            @Override
            public void outgoing(Socket socket, ByteBuffer bytes) {
                ByteBuffer copy = bytes.duplicate();
                byte[] out = new byte[copy.remaining()];
                copy.get(out);
                synchronized (sent) {
                    if (sent.size() + out.length <= MAX_CAPTURE) {
                        sent.write(out, 0, out.length);
                    }
                }
            }
        });
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        setup.accept((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(asyncSupported);
            context.addServlet(holder, path);
        });
        server.setHandler(context);
        server.start();
        return new Container(server, connector, sent);
    }

    /** Maps a servlet (async supported unless started otherwise). */
    interface Mapping {
        void map(String path, HttpServlet servlet);
    }

    /** Everything sent so far, on every connection, as UTF-8. */
    String sent() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.UTF_8);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
