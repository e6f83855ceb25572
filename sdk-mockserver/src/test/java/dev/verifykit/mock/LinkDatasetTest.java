package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LinkDatasetTest {

    private final MockServer server = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ZERO).build()).build());
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void firstLinkIsVersionOneThenEachRobloxChangeBumpsTheVersion() throws Exception {
        String discord = "123456789012345678";

        Map<String, Object> first = completeAndRead("u1", discord, "156319135");
        assertThat(first).containsEntry("linkVersion", 1.0).containsEntry("linkChanged", false)
                .containsEntry("previousRobloxId", null)
                .containsEntry("linkHash", hash("PID-FREE0001:" + discord + ":156319135:1"));
        assertThat(first.get("verifiedAt")).asString().endsWith("Z");

        Map<String, Object> same = completeAndRead("u2", discord, "156319135");
        assertThat(same).containsEntry("linkVersion", 1.0).containsEntry("linkChanged", false)
                .containsEntry("previousRobloxId", null);

        Map<String, Object> changed = completeAndRead("u3", discord, "987654");
        assertThat(changed).containsEntry("linkVersion", 2.0).containsEntry("linkChanged", true)
                .containsEntry("previousRobloxId", "156319135")
                .containsEntry("linkHash", hash("PID-FREE0001:" + discord + ":987654:2"));

        MockDockSession again = server.dock().complete(http.newSession("u4"), discord, "156319135");
        assertThat(again.linkVersion()).isEqualTo(3);
        assertThat(again.linkChanged()).isTrue();
        assertThat(again.previousRobloxId()).isEqualTo("987654");
    }

    @Test
    void linksAreKeptPerPid() {
        String discord = "223456789012345678";
        server.dock().complete(http.newSession("a"), discord, "1");
        String premium = (String) http.create(Http.PREMIUM, "{\"pid\":\"PID-PREM0001\",\"clientId\":\"a\"}")
                .data().get("id");

        MockDockSession other = server.dock().complete(premium, discord, "2");

        assertThat(other.linkVersion()).isEqualTo(1);
        assertThat(other.linkChanged()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> completeAndRead(String clientId, String discordId, String robloxId) {
        String id = http.newSession(clientId);
        server.dock().complete(id, discordId, robloxId);
        return (Map<String, Object>) http.read(Http.FREE, id, null).data().get("result");
    }

    private static String hash(String input) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
        return "sha256-" + HexFormat.of().formatHex(digest);
    }
}
