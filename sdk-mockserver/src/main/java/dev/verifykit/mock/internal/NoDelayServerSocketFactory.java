package dev.verifykit.mock.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections have Nagle's algorithm off, with {@code SO_REUSEADDR} on,
 * and a queue of {@value #ACCEPT_BACKLOG} connections waiting to be accepted. mockwebserver3 writes a
 * response's head and body separately; with Nagle on, the second write waits for the client's
 * delayed ACK, adding about 40 ms to every answer on Linux — far more than the service latencies
 * the mock stands for.
 */
public final class NoDelayServerSocketFactory extends ServerSocketFactory {
    /**
     * The longest queue of connections waiting to be accepted that is asked for (the system may cap
     * it: Linux at {@code net.core.somaxconn}, 4096 by default). mockwebserver3 asks for 50: a burst of
     * more new connections than that (a load test opening a few hundred at once) had the rest's
     * handshakes dropped, and each such client waited a second or more for its SYN to be sent again.
     */
    static final int ACCEPT_BACKLOG = 4096;

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new NoDelayServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket socket = new NoDelayServerSocket();
        socket.bind(new java.net.InetSocketAddress(port));
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        ServerSocket socket = new NoDelayServerSocket();
        socket.bind(new java.net.InetSocketAddress(port), backlog);
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        ServerSocket socket = new NoDelayServerSocket();
        socket.bind(new java.net.InetSocketAddress(address, port), backlog);
        return socket;
    }

    private static final class NoDelayServerSocket extends ServerSocket {
        NoDelayServerSocket() throws IOException {
            super();
        }

        /**
         * Always on. mockwebserver3 turns it off for a free port (port 0); then the connections the
         * server closed, waiting in TIME_WAIT on its port, keep a new server from binding that port
         * for a minute after {@code close()} (a test restarting the mock at the same address).
         */
        @Override
        public void setReuseAddress(boolean on) throws java.net.SocketException {
            super.setReuseAddress(true);
        }

        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
            super.bind(endpoint, Math.max(backlog, ACCEPT_BACKLOG));
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = new ClosedOnFailureSocket();
            implAccept(socket);
            socket.setTcpNoDelay(true);
            return socket;
        }
    }

    /**
     * A connection closed as soon as a read or a write on it fails. mockwebserver3 closes a
     * connection that ends cleanly, but one whose exchange fails with an {@link IOException} (a
     * client gone while its answer was held, a long-poll's) is only logged and left open until the
     * server closes: a long-running mock ran out of file descriptors. A read that timed out is not
     * a failure of the connection and leaves it open.
     */
    private static final class ClosedOnFailureSocket extends Socket {
        /** Follows the request framing read, whose lines mockwebserver3 would buffer however long. */
        private final RequestFraming framing = new RequestFraming();

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    try {
                        int b = in.read();
                        if (b >= 0) {
                            checkHead(new byte[] {(byte) b}, 0, 1);
                        }
                        return b;
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        int n = in.read(b, off, len);
                        if (n > 0) {
                            checkHead(b, off, n);
                        }
                        return n;
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }
            };
        }

        /**
         * Refuses a request whose head, or a line of its chunked body's framing, is over its bound, as Node.js
         * refuses one: 431 (400) and the connection closed. mockwebserver3 reads those lines whole, with no
         * bound: an endless header line, or chunk-size line, ran the mock out of memory.
         */
        private void checkHead(byte[] b, int off, int len) throws IOException {
            RequestFraming.Refusal refusal = framing.read(b, off, len);
            if (refusal == null) {
                return;
            }
            try {
                OutputStream raw = super.getOutputStream();
                raw.write(("HTTP/1.1 " + refusal.status() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                raw.flush();
            } catch (IOException ignored) {
                // the client is gone; the connection is closed below anyway
            }
            throw new IOException(refusal.reason() + ": refused with " + refusal.status() + ", connection closed");
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    try {
                        out.write(b);
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }

                @Override
                public void flush() throws IOException {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        throw failed(e);
                    }
                }
            };
        }

        private IOException failed(IOException e) {
            if (!(e instanceof SocketTimeoutException)) {
                try {
                    close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            return e;
        }
    }
}
