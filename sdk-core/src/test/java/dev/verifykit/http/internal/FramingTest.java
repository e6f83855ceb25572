package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.testing.RawServer;
import dev.verifykit.testing.UnconnectedSocketFactory;
import java.net.ProtocolException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Framing read on its own, as the last network interceptor of a bare client, against HTTP/1 answers
 * written byte by byte: an answer of unknown length (chunked, or ended by the close of its
 * connection: an event stream's) is passed on whole, and a broken one fails with a
 * {@link ProtocolException} once the socket that carried it is closed (checked on the client's own
 * socket as the failure is thrown: nothing waited for). A status no final answer has comes with an
 * empty body, so its connection is clean and OkHttp, left alone, would pool it open.
 */
@Timeout(30)
class FramingTest {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private OkHttpClient client() {
        return new OkHttpClient.Builder().retryOnConnectionFailure(false)
                .socketFactory(new UnconnectedSocketFactory() {
                    @Override
                    public Socket createSocket() {
                        Socket socket = new Socket();
                        sockets.add(socket);
                        return socket;
                    }
                })
                .addNetworkInterceptor(chain -> Framing.proceed(chain, chain.request())).build();
    }

    /** A {@code Content-Length} of -1 is OkHttp's "unknown", not an invalid one: a healthy stream's. */
    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n6\r\ndata:x\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata:x"})
    void anAnswerOfUnknownLengthIsPassedOnWhole(String answer) throws Exception {
        try (RawServer server = new RawServer(conn -> {
            conn.write(answer);
            conn.socket.shutdownOutput();
        }); Response response = client().newCall(new Request.Builder().url(server.url("/s")).build()).execute()) {
            assertThat(response.body().contentLength()).isEqualTo(-1);
            assertThat(response.body().string()).isEqualTo("data:x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n{}|invalid Content-Length: -5",
        "HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n|a status code no final answer has: 600",
        "HTTP/1.1 -12 X\r\nContent-Length: 0\r\n\r\n|an answer OkHttp cannot read"})
    void aBrokenHttp1AnswerFailsOnceItsSocketIsClosed(String answerAndFailure) throws Exception {
        String[] parts = answerAndFailure.split("\\|");
        try (RawServer server = new RawServer(conn -> conn.write(parts[0]))) {
            Request request = new Request.Builder().url(server.url("/s")).build();

            assertThatThrownBy(() -> client().newCall(request).execute()).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(parts[1]);
            assertThat(sockets).hasSize(1);
            assertThat(sockets.get(0).isClosed()).as("the socket of the broken answer, as the failure is thrown").isTrue();
        }
    }
}
