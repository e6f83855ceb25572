package dev.verifykit.sse;

import dev.verifykit.dock.StreamSettings;
import dev.verifykit.dock.SessionStreams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.error.RedirectException;
import java.io.IOException;
import java.net.InetAddress;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stream open answered with a redirect is not followed: the API key never reaches the other host. */
class StreamRedirectTest {
    private final MockWebServer service = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        service.start(loopback, 0);
        elsewhere.setDispatcher(answering(new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/event-stream").body("").build()));
        elsewhere.start(loopback, 0);
    }

    @AfterEach
    void stop() {
        service.close();
        elsewhere.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void aRedirectOnOpenIsARedirectExceptionAndNothingReachesTheTarget(int code) {
        service.setDispatcher(answering(new MockResponse.Builder().code(code)
                .setHeader("Location", "http://localhost:" + elsewhere.getPort() + "/steal?key=q7").build()));
        Throwable thrown;
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free")
                .baseUrl("http://127.0.0.1:" + service.getPort() + "/dock").maxRetries(0).build()) {
            SessionStreams streams = DockSessionStreams.of(dock, StreamSettings.builder()
                    .maxConsecutiveFailures(1).fallbackToLongPoll(false).build());
            thrown = catchThrowable(() -> streams.awaitCompletion("vsn_redirect"));
        }

        assertThat(elsewhere.getRequestCount()).isZero();
        assertThat(thrown).isInstanceOfSatisfying(RedirectException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(code);
            assertThat(e.targetHost()).contains("localhost");
            assertThat(e.getMessage()).doesNotContain("key=q7").doesNotContain("/steal");
        });
    }

    private static Dispatcher answering(MockResponse response) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return response;
            }
        };
    }
}
