package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four clients share one way to show themselves, end their waits and close (TransportClient). */
class TransportClientTest {
    private static final String BASE = "http://127.0.0.1:9/";

    @Test
    void eachClientShowsItsKindAndBaseUrlAndNoCredential() {
        try (DockClient dock = DockClient.builder().apiKey("dock_key_9f8e7d").baseUrl(BASE + "dock").build();
                DokaiClient dokai = DokaiClient.builder().apiKey("dk_key_6c5b4a").baseUrl(BASE + "dokai").build();
                RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(BASE + "rpc").build();
                RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(BASE + "rpc")
                        .verificationSecret("rbx_secret_3d2c1b").build()) {
            assertThat(dock).hasToString("DockClient[" + BASE + "dock, plan=FREE, apiKey=[REDACTED]]");
            assertThat(dokai).hasToString("DokaiClient[" + BASE + "dokai, apiKey=[REDACTED]]");
            assertThat(rpc).hasToString("RobloxVerificationClient[" + BASE + "rpc]");
            assertThat(game).hasToString("RobloxGameServerClient[" + BASE + "rpc, secret=[REDACTED]]");
        }
    }

    @Test
    void eachClientCancelsItsWaitsAndIsClosedByClose() {
        DockClient dock = DockClient.builder().apiKey("dock_key_9f8e7d").baseUrl(BASE + "dock").build();
        DokaiClient dokai = DokaiClient.builder().apiKey("dk_key_6c5b4a").baseUrl(BASE + "dokai").build();
        RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(BASE + "rpc").build();
        RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(BASE + "rpc")
                .verificationSecret("rbx_secret_3d2c1b").build();
        for (AutoCloseable client : List.of(dock, dokai, rpc, game)) {
            assertThat(client).isInstanceOf(CancelsWaits.class);
            ((CancelsWaits) client).cancelWaits();
        }
        dock.close();
        dokai.close();
        rpc.close();
        game.close();
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_1")).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> dokai.verifySessions().retrieve("ver_1")).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> rpc.beginVerification()).isInstanceOf(ClientClosedException.class);
        assertThatThrownBy(() -> game.completeVerification("123456", "156")).isInstanceOf(ClientClosedException.class);
    }
}
