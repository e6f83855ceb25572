package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import org.junit.jupiter.api.Test;

/**
 * README: "A session holding none is returned as it was read." The API key is found in a session's
 * data as in a server's message: in any letter case, anywhere in any field. A key that is short
 * or a common word (any key the mock server is configured with: "test") is then found in data the
 * server never took from the Authorization header, and the session the client hands out differs
 * from what Dock answered: the caller's own clientId comes back as "[REDACTED]-user-1".
 */
class ShortKeyNotLookedForInDataTest {
    @Test
    void aSessionNotReflectingTheKeyIsReturnedAsRead() {
        DockSettings settings = DockSettings.builder().freeApiKey("test").build();
        try (MockServer mock = MockServer.start(MockSettings.builder().dock(settings).build());
                DockClient dock = DockClient.builder().apiKey("test").baseUrl(mock.dockBaseUrl()).build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder().pid(settings.freePid())
                    .clientId("test-user-1").build());

            assertThat(session.clientId()).isEqualTo("test-user-1");
            assertThat(dock.sessions().retrieve(session.id()).clientId()).isEqualTo("test-user-1");
        }
    }
}
