package dev.verifykit.http.internal;

import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Refuses, as a failure of the transport, an answer no server of the API sends: a status code
 * outside 200–599 (RFC 9110 §15 defines 100–599; an interim 1xx is read past by OkHttp, and this
 * client never asks to switch protocols, so a 101 or a 1xx taken for final is broken, like a code
 * of two digits or over 599). And an HTTP/1 answer OkHttp takes in but cannot use, for which it
 * throws a runtime exception rather than an {@link IOException}:
 * <ul>
 *   <li>a {@code Content-Length} that is no length (a negative number; RFC 9112 §6.3 makes such a
 *       response's framing invalid, an unrecoverable error of its connection): OkHttp hands it on to
 *       a body whose every read, and its close, throws {@code IllegalArgumentException};</li>
 *   <li>a status line whose code is negative ({@code HTTP/1.1 -12 X}): OkHttp reads it as a number
 *       and then refuses to build the response with an {@code IllegalStateException}.</li>
 * </ul>
 * The transport would take either for a failure of its own and never read again (a stream's wait
 * ended; an asynchronous call was cancelled by OkHttp, which rethrew the exception on the wait's
 * thread), and the connection stayed open. Called by the last network interceptor, only OkHttp's own
 * exchange nearer the wire: it closes an HTTP/1 connection's socket (never an HTTP/2 one, h2c
 * included: its other streams are other calls') and fails the attempt with a
 * {@link ProtocolException}, as a status line OkHttp cannot read fails.
 */
final class Framing {
    private Framing() {}

    /** {@code chain}'s answer to {@code request}, when OkHttp can use it. */
    static Response proceed(Interceptor.Chain chain, Request request) throws IOException {
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IllegalStateException | IllegalArgumentException refused) {
            throw broken(chain.connection(), "an answer OkHttp cannot read: " + refused.getMessage());
        }
        int code = response.code();
        if (code < 200 || code > 599) {
            throw broken(chain.connection(), "a status code no final answer has: " + code);
        }
        long length = response.body().contentLength();
        if (length < -1 && http1(response.protocol())) {
            throw broken(chain.connection(), "invalid Content-Length: " + length);
        }
        return response;
    }

    /** The failure of a broken answer, once the HTTP/1 connection that carried it is closed. */
    private static ProtocolException broken(Connection connection, String what) {
        ProtocolException failure = new ProtocolException(what);
        // never an HTTP/2 one, h2c (prior knowledge) too: its other streams are other calls'
        if (connection != null && http1(connection.protocol())) {
            try {
                connection.socket().close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
        }
        return failure;
    }

    /** Whether {@code protocol} carries one exchange at a time (HTTP/1), not streams of other calls. */
    private static boolean http1(Protocol protocol) {
        return protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0;
    }
}
