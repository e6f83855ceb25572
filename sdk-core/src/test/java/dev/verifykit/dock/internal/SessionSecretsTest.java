package dev.verifykit.dock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.json.internal.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DockJson#withoutSecrets}: the usual session, holding no secret, is handed out itself, not copied. */
class SessionSecretsTest {
    private static final String KEY = "dock_live_Reflected7c2e91b";
    private static final Redactor REDACTOR = new Redactor(List.of(Secret.of(KEY)));

    private static DockSession read(String json) {
        return JsonCodec.read(DockJson.SESSION, json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String COMPLETED = """
            {"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"completed","statusReason":"linked",
            "expiresAt":"2026-05-07T00:05:00.000Z","terminalAt":"2026-05-07T00:01:12.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&t=eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOjF9.c2ln",
            "result":{"discordId":"123456789012345678","robloxId":"156319135","verifiedAt":"2026-05-07T00:01:12.000Z",
            "previousRobloxId":"42","linkHash":"sha256-link-marker","newField":{"a":["b",null,1]}},
            "trace":{"spans":[{"name":"read","tags":{"k":"v"}}],"token":"eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOjF9.c2ln"}}""";

    @Test
    void aSessionHoldingNoSecretIsTheSameObject() {
        DockSession session = read(COMPLETED);

        assertThat(DockJson.withoutSecrets(session, REDACTOR)).isSameAs(session);
    }

    /** Only the client's own secrets are masked: a JWT-shaped value of the session's (a signed link) is data. */
    @Test
    void aSecretDeepInsideIsMaskedAndTheRestKept() {
        DockSession session = read(COMPLETED.replace("\"k\":\"v\"", "\"k\":\"" + KEY + "\"")
                .replace("sha256-link-marker", KEY.toUpperCase(java.util.Locale.ROOT)));

        DockSession shown = DockJson.withoutSecrets(session, REDACTOR);

        assertThat(shown.additionalProperties().toString()).doesNotContain(KEY).contains("{k=[REDACTED]}");
        assertThat(shown.result().orElseThrow().linkHash()).isEqualTo("[REDACTED]");
        assertThat(shown.result().orElseThrow().additionalProperties()).isEqualTo(session.result().orElseThrow().additionalProperties());
        assertThat(shown.verifyUrl()).isEqualTo(session.verifyUrl());
        assertThat(shown.toBuilder().additionalProperties(session.additionalProperties())
                .result(session.result()).build()).isEqualTo(session);
    }

    /** README: a session never holds the client's own secrets, in any of its fields: its status included. */
    @Test
    void aStatusHoldingTheKeyIsMasked() {
        DockSession session = read(COMPLETED.replace("\"status\":\"completed\"", "\"status\":\"" + KEY + "\""));

        DockSession shown = DockJson.withoutSecrets(session, REDACTOR);

        assertThat(shown.status().raw()).doesNotContain(KEY).isEqualTo("[REDACTED]");
        assertThat(shown.id()).isEqualTo(session.id());
    }
}
