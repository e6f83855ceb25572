package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.mock.MockServer;
import dev.verifykit.poll.WaitOptions;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wait's deadline long past (more than 292 years, {@link Instant#MIN} included) ends the wait at
 * once with a {@link WaitTimeoutException}, as a deadline just past does. Its distance from now in
 * nanoseconds overflowed a {@code long}: an {@code ArithmeticException} escaped the call.
 */
class FarDeadlineTest {
    private final MockServer mock = MockServer.start();

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void aDeadlineCenturiesPastEndsTheWaitAsTimedOut() {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build());
            for (Instant deadline : new Instant[] {Instant.MIN, Instant.parse("1000-01-01T00:00:00Z")}) {
                WaitOptions options = WaitOptions.builder().deadline(deadline).build();

                assertThatThrownBy(() -> dock.sessions().awaitCompletion(session.id(), options))
                        .isInstanceOf(WaitTimeoutException.class);
                assertThatThrownBy(() -> dock.sessions().awaitCompletionAsync(session.id(), options).join())
                        .hasCauseInstanceOf(WaitTimeoutException.class);
            }
        }
    }
}
