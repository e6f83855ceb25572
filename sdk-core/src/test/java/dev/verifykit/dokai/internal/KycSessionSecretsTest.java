package dev.verifykit.dokai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dokai.KycSession;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.json.internal.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DokaiJson#withoutSecrets}: the usual session, holding no secret, is handed out itself, not copied. */
class KycSessionSecretsTest {
    private static final Redactor REDACTOR = new Redactor(List.of(Secret.of("dk_live_Reflect3d9f2c71aa")));

    @Test
    void aSessionHoldingNoSecretIsTheSameObject() {
        KycSession session = JsonCodec.read(DokaiJson.SESSION, ("{\"id\":\"ver_abc123\",\"status\":\"verified\","
                + "\"url\":\"https://verify.dokai.example/s/eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOjF9.c2ln\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":0.9,\"threshold\":0.8,\"x\":\"y\"},"
                + "\"liveness\":{\"passed\":true,\"score\":0.9,\"checks\":{\"blink\":1}},"
                + "\"identity\":{\"name\":\"Jane Doe\",\"id_number\":\"X1\"},\"debug\":{\"a\":[\"b\",null,1]}}")
                .getBytes(StandardCharsets.UTF_8));

        assertThat(DokaiJson.withoutSecrets(session, REDACTOR)).isSameAs(session);
    }
}
