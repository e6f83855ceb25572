package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.testing.UnconnectedSocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README, Retries: "A request that surely never arrived (no connection, an HTTP/2 connection shutting
 * down, a stream the server refused) is retried whatever its method." and, for Dokai, "a refused
 * connection is retried". A connection that could not be made within the connect timeout is no
 * connection either: the socket's {@code connect} threw {@link SocketTimeoutException} ("Connect timed
 * out", as the JDK's socket throws it), before a byte of the request could be written. Nothing of the
 * write reached the service, so it is as safe to send again as after a refused connection. The
 * sockets here fail their first connect so (deterministically, in place of a host that drops SYNs),
 * then connect.
 */
class WriteAfterConnectTimeoutTest {
    private final MockServer mock = MockServer.start();

    @AfterEach
    void stop() {
        mock.close();
    }

    /** Sockets whose first {@code failures} connects fail with {@code failure}; the later ones connect. */
    private static final class FailingFirstConnects extends UnconnectedSocketFactory {
        private final AtomicInteger failuresLeft;
        private final boolean timeout;
        final AtomicInteger connects = new AtomicInteger();

        FailingFirstConnects(int failures, boolean timeout) {
            this.failuresLeft = new AtomicInteger(failures);
            this.timeout = timeout;
        }

        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
                    connects.incrementAndGet();
                    if (failuresLeft.getAndDecrement() > 0) {
                        throw timeout ? new SocketTimeoutException("Connect timed out")
                                : new ConnectException("Connection refused");
                    }
                    super.connect(endpoint, timeoutMillis);
                }
            };
        }
    }

    private static RetryPolicy quickRetries() {
        return RetryPolicy.builder().maxRetries(2).baseDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20)).build();
    }

    private KycSession createThrough(FailingFirstConnects sockets) {
        OkHttpClient app = new OkHttpClient.Builder().socketFactory(sockets).build();
        try (DokaiClient dokai = DokaiClient.builder().apiKey(mock.settings().dokai().apiKey())
                .baseUrl(mock.dokaiBaseUrl()).okHttpClient(app).retryPolicy(quickRetries()).build()) {
            return dokai.verifySessions().create(CreateKycSessionParams.builder().build());
        }
    }

    /** The reference: a refused connection is retried (README, Dokai), and the session made once. */
    @Test
    void aDokaiCreateWhoseConnectionWasRefusedIsSentAgain() {
        FailingFirstConnects sockets = new FailingFirstConnects(1, false);

        KycSession session = createThrough(sockets);

        assertThat(session.id()).isNotBlank();
        assertThat(mock.journal().find(MockJournalQuery.all().service("dokai").method("POST"))).hasSize(1);
    }

    @Test
    void aDokaiCreateWhoseConnectTimedOutIsSentAgain() {
        FailingFirstConnects sockets = new FailingFirstConnects(1, true);

        KycSession session = createThrough(sockets);

        assertThat(session.id()).isNotBlank();
        assertThat(sockets.connects).as("a connection made after the one that timed out").hasValueGreaterThan(1);
        assertThat(mock.journal().find(MockJournalQuery.all().service("dokai").method("POST"))).hasSize(1);
    }

    @Test
    void anRpcBeginWhoseConnectTimedOutIsSentAgain() {
        FailingFirstConnects sockets = new FailingFirstConnects(1, true);
        OkHttpClient app = new OkHttpClient.Builder().socketFactory(sockets).build();
        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                .okHttpClient(app).retryPolicy(quickRetries()).build()) {
            VerificationStart start = rpc.beginVerification();

            assertThat(start.code()).isNotBlank();
            assertThat(mock.roblox().sessionCount()).isEqualTo(1);
        }
    }
}
