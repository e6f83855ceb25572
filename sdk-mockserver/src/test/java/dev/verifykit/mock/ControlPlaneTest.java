package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlPlaneTest {

    private final MockServer server = MockServer.start();
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthIsOk() {
        Answer health = http.get(null, "/_mock/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsExactly(java.util.Map.entry("status", "ok"));
        assertThat(server.controlBaseUrl()).isEqualTo(http.root() + "/_mock");
    }

    @Test
    void completeOverHttpWithGivenOrGeneratedIds() {
        String given = http.newSession("given");
        String generated = http.newSession("generated");

        Answer done = http.send("POST", "/_mock/dock/sessions/" + given + "/complete", null,
                "{\"discordId\":\"123456789012345678\",\"robloxId\":\"156319135\"}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json()).containsEntry("id", given).containsEntry("status", "completed");
        assertThat(done.json().get("result").toString()).contains("discordId=123456789012345678", "robloxId=156319135");

        Answer auto = http.send("POST", "/_mock/dock/sessions/" + generated + "/complete", null, "");
        assertThat(auto.status()).isEqualTo(200);
        MockDockSession session = server.dock().session(generated).orElseThrow();
        assertThat(session.discordId()).matches("[1-9][0-9]{17}");
        assertThat(session.robloxId()).matches("[0-9]+");

        Answer twice = http.send("POST", "/_mock/dock/sessions/" + given + "/complete", null, "");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json()).containsEntry("error", "CONFLICT");
    }

    @Test
    void expireOverHttpAndErrors() {
        String id = http.newSession("expire");

        Answer expired = http.send("POST", "/_mock/dock/sessions/" + id + "/expire", null, "");
        assertThat(expired.status()).isEqualTo(200);
        assertThat(expired.json()).containsEntry("status", "expired").containsEntry("statusReason", "lifetime_exceeded");
        assertThat(http.send("POST", "/_mock/dock/sessions/" + id + "/expire", null, "").status()).isEqualTo(409);
        assertThat(http.send("POST", "/_mock/dock/sessions/" + id + "/complete", null, "").status()).isEqualTo(409);

        Answer unknown = http.send("POST", "/_mock/dock/sessions/vsn_nope/complete", null, "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).containsEntry("error", "SESSION_NOT_FOUND");
        assertThat(http.get(null, "/_mock/dock/sessions/" + id).json()).containsEntry("status", "expired");
        assertThat(http.get(null, "/_mock/dock/sessions/vsn_nope").status()).isEqualTo(404);
        assertThat(http.send("POST", "/_mock/dock/sessions/" + id + "/complete", null, "[1]").status()).isEqualTo(400);
        assertThat(http.get(null, "/_mock/reset").status()).isEqualTo(405);
        assertThat(http.get(null, "/_mock/nothing").status()).isEqualTo(404);
    }

    @Test
    void badIdsGiveA400() {
        String id = http.newSession("bad");
        Answer bad = http.send("POST", "/_mock/dock/sessions/" + id + "/complete", null, "{\"discordId\":\"12\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json()).containsEntry("error", "INVALID_PARAMETER");
    }

    @Test
    void resetOverHttpForgetsEverything() {
        String id = http.newSession("reset");

        assertThat(http.send("POST", "/_mock/reset", null, "").json()).containsEntry("status", "ok");

        assertThat(server.dock().sessionCount()).isZero();
        assertThat(server.dock().session(id)).isEmpty();
        assertThat(server.journal().entries()).extracting(MockJournalEntry::path).containsExactly("/_mock/reset");
        assertThat(http.read(Http.FREE, id, null).status()).isEqualTo(404);
    }

    @Test
    void javaControlPlane() {
        String id = http.newSession("java");

        assertThat(server.dock().session(id)).get().extracting(MockDockSession::isPending).isEqualTo(true);
        MockDockSession done = server.dock().complete(id);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.discordId()).matches("[1-9][0-9]{17}");
        assertThat(done.linkVersion()).isEqualTo(1);
        assertThat(done.linkHash()).startsWith("sha256-");
        assertThat(done.terminalAt()).isNotNull();

        assertThatThrownBy(() -> server.dock().complete(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.dock().expire("vsn_unknown")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> server.dock().complete(http.newSession("x"), "1", "2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.dock().expire(http.newSession("y")).statusReason()).isEqualTo("lifetime_exceeded");
        assertThat(server.dock().sessionCount()).isEqualTo(3);

        server.reset();
        assertThat(server.dock().sessionCount()).isZero();
        assertThat(server.journal().entries()).isEmpty();
    }
}
