package dev.verifykit.servlet;

import jakarta.servlet.http.HttpServlet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real embedded Jetty 12 (Servlet 6.1) on 127.0.0.1 and a free port, holding the servlets under test. */
final class Container implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private Container(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static Container start(Consumer<Mapping> setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        setup.accept((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, path);
        });
        server.setHandler(context);
        server.start();
        return new Container(server, connector);
    }

    /** Maps a servlet (async supported). */
    interface Mapping {
        void map(String path, HttpServlet servlet);
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
