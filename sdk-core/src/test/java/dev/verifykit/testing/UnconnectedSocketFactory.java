package dev.verifykit.testing;

import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * A socket factory for an {@code OkHttpClient}, which only ever asks for an unconnected socket
 * ({@link #createSocket()}) and connects it itself: the connected forms are refused.
 */
public abstract class UnconnectedSocketFactory extends SocketFactory {
    @Override
    public abstract Socket createSocket();

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException();
    }
}
