package dev.verifykit.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's sample of the mock server in a JUnit test, run as a test. */
@ExtendWith(MockServerExtension.class)
class SignUpTest {
    @Test
    void linksTheAccount(MockServer mock) {
        try (DockClient dock = DockClient.builder()
                .apiKey(mock.settings().dock().freeApiKey())
                .baseUrl(mock.dockBaseUrl())
                .build()) {
            DockSession session = dock.sessions().create(CreateSessionParams.builder()
                    .pid(mock.settings().dock().freePid()).clientId("user_1").build());
            mock.dock().complete(session.id());
            assertThat(dock.sessions().awaitCompletion(session.id()).isCompleted()).isTrue();
        }
    }
}
