package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ServerLifecycleTest {

    /**
     * A test that stops the server under a client and starts it again at the same address (a restart).
     * The connections the server closed wait in TIME_WAIT on its port, which keeps it from being bound
     * again for a minute unless the listener had SO_REUSEADDR (mockwebserver3 sets it only for a fixed port).
     */
    @Test
    void aClosedServersPortCanBeBoundAgainAtOnceThoughItHadConnections() {
        MockServer first = MockServer.start();
        int port = first.port();
        assertThat(new Http(first).get(null, "/_mock/health").status()).isEqualTo(200); // a kept-alive connection

        first.close();

        try (MockServer again = MockServer.start(MockSettings.builder().port(port).build())) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(new Http(again).get(null, "/_mock/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aTakenPortIsNamedInTheFailure() {
        try (MockServer running = MockServer.start()) {
            assertThatThrownBy(() -> MockServer.start(MockSettings.builder().port(running.port()).build()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("Cannot start the mock server on 127.0.0.1:" + running.port());
        }
    }
}
