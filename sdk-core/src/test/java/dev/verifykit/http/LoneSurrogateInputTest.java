package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.roblox.RobloxGameServerClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A text field holding a lone UTF-16 surrogate cannot go into a UTF-8 JSON body as it is: the JSON
 * writer (Okio's UTF-8 encoder) silently sends {@code ?} in its place, so the service receives, and
 * acts on, a value the caller never gave. Such input is refused before anything is sent, naming the
 * field, as any other bad input is.
 */
class LoneSurrogateInputTest {
    private MockServer mock;
    private DockClient dock;
    private DokaiClient dokai;
    private RobloxGameServerClient game;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.defaults());
    }

    @AfterEach
    void stop() {
        if (dock != null) {
            dock.close();
        }
        if (dokai != null) {
            dokai.close();
        }
        if (game != null) {
            game.close();
        }
        mock.close();
    }

    @Test
    void aDockClientIdWithALoneSurrogateIsRefusedBeforeASessionIsCreatedForAnotherClientId() {
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .createTokenWait(Duration.ZERO).build();

        assertThatThrownBy(() -> dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001")
                .clientId("user_\uD800").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("clientId"));
        assertThat(mock.journal().entries()).isEmpty();
        assertThat(mock.dock().sessionCount()).isZero();
    }

    @Test
    void aDokaiDocumentTypeWithALoneSurrogateIsRefusedBeforeItIsSent() {
        dokai = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(mock.dokaiBaseUrl()).build();

        assertThatThrownBy(() -> dokai.verifySessions().create(CreateKycSessionParams.builder()
                .documentType("identity_card\uDC00").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("documentType"));
        assertThat(mock.journal().entries()).isEmpty();
        assertThat(mock.dokai().sessionCount()).isZero();
    }

    @Test
    void aGameCodeWithALoneSurrogateIsRefusedBeforeItIsSent() {
        game = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl())
                .verificationSecret(MockSettings.defaults().roblox().verificationSecret()).build();

        assertThatThrownBy(() -> game.completeVerification("48291\uD800", "156319135"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThat(mock.journal().entries()).isEmpty();
    }
}
