package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A wait that reaches its deadline ends with a {@link WaitTimeoutException}, "whatever the server
 * does" (README, Timeouts; {@code WaitOptions.timeout}'s Javadoc). The long-poll in flight at the
 * deadline is cut by it, and that cut was counted as one more transient failure in a row: with
 * {@code maxConsecutiveFailures(0)} (a documented value: "0 to 1,000"), or after as many failures in
 * a row as the wait rides out, the wait ended with the cut's {@code TransportException} ("timed out …
 * what was left of the call's timeout") instead: a caller that catches {@code WaitTimeoutException}
 * to tell "the user did not finish in time" sees a network failure.
 */
class DeadlineEndsAsTimeoutTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aWaitThatRidesOutNoFailureStillEndsAtItsDeadlineAsTimedOut(boolean async) {
        // Dock holds the long-poll far past the wait's deadline
        server.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(40, TimeUnit.SECONDS).build());
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString()).build();
        WaitOptions options = WaitOptions.builder().timeout(Duration.ofSeconds(2)).maxConsecutiveFailures(0).build();

        Throwable ended = catchThrowable(() -> {
            if (async) {
                try {
                    client.sessions().awaitCompletionAsync(SESSION, options).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            } else {
                client.sessions().awaitCompletion(SESSION, options);
            }
        });

        assertThat(ended).as("the wait's end at its deadline").isInstanceOf(WaitTimeoutException.class);
    }
}
