package dev.verifykit.http.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;

/**
 * Bounds the bytes a connection reads without a line feed. OkHttp 5 reads a chunked body's
 * chunk-size line (and its extensions) with no limit, so a server that never ends one made the
 * client hold all it sent, past {@link dev.verifykit.http.HttpSettings#maxResponseBytes()}, until
 * the call's timeout (tens of megabytes a second over a fast link). A connection's sockets count
 * the bytes read since the last line feed, and fail the read once they pass {@code limit}
 * ({@code maxResponseBytes} and a megabyte for the head and framing): a status line, header, chunk
 * line or one-line body longer than that is no answer the client would take anyway.
 *
 * <p>Only on the default socket factory (a caller's own {@code socketFactory} is kept as it is),
 * and only where the bytes are the HTTP text: over TLS the socket carries ciphertext, in which a
 * line feed is one byte in 256, so the bound holds nothing back there (nor does it bound anything:
 * RELIABILITY.md, known limits). Nor on h2c (HTTP/2 with prior knowledge; the transport leaves it
 * out): its binary frames carry answer after answer on one connection, a line feed being any byte of
 * them, so answers each within {@code maxResponseBytes} added up past the bound and failed the connection.
 */
final class LineBound {
    private LineBound() {}

    /** The bound for a client taking bodies of up to {@code maxResponseBytes}: a megabyte more, at most {@code Long.MAX_VALUE}. */
    static long limit(long maxResponseBytes) {
        long head = 1 << 20;
        return maxResponseBytes > Long.MAX_VALUE - head ? Long.MAX_VALUE : maxResponseBytes + head;
    }

    /** Puts the bound on {@code builder}'s sockets when its factory is the default one. */
    static void apply(OkHttpClient.Builder builder, SocketFactory current, long limit) {
        if (current == SocketFactory.getDefault()) {
            builder.socketFactory(new Factory(limit));
        }
    }

    /** A read past the bound: the server sent more than the limit without ending a line. */
    static final class OverlongLineException extends IOException {
        private static final long serialVersionUID = 1L;

        OverlongLineException(long limit) {
            super("the server sent more than " + limit + " bytes without ending a line (maxResponseBytes"
                    + " and 1 MiB for the head): an answer the client does not take");
        }
    }

    private static final class Factory extends SocketFactory {
        private final long limit;

        Factory(long limit) {
            this.limit = limit;
        }

        @Override
        public Socket createSocket() {
            return new BoundedSocket(limit);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
            Socket socket = new BoundedSocket(limit);
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        }
    }

    private static final class BoundedSocket extends Socket {
        private final long limit;
        private InputStream input;

        BoundedSocket(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new BoundedInput(super.getInputStream(), limit);
            }
            return input;
        }
    }

    /** Counts the bytes read since the last line feed; read by one thread at a time, as a socket is. */
    private static final class BoundedInput extends FilterInputStream {
        private final long limit;
        private long sinceLineFeed;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                sinceLineFeed = b == '\n' ? 0 : sinceLineFeed + 1;
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                int last = offset + n - 1;
                int i = last;
                while (i >= offset && buffer[i] != '\n') {
                    i--;
                }
                sinceLineFeed = i >= offset ? last - i : sinceLineFeed + n;
                check();
            }
            return n;
        }

        private void check() throws IOException {
            if (sinceLineFeed > limit) {
                throw new OverlongLineException(limit);
            }
        }
    }
}
