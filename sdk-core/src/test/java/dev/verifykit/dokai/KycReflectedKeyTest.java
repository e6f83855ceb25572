package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README, Security: the API key never leaves the process, whatever a server does. A server that
 * reflects the request's {@code Authorization} into a session's text has it masked in the session
 * the client hands out, as in a server's message; a session id holding it is a malformed answer.
 */
class KycReflectedKeyTest {
    private static final String KEY = "dk_live_Reflect3d9f2c71aa";
    private static final String URL = "https://verify.dokai.example/s/eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOjF9.c2ln";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DokaiClient dokai;

    @BeforeEach
    void build() {
        dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"))).build();
    }

    @AfterEach
    void close() {
        dokai.close();
    }

    /** Answers each request with {@code session}, its {@code TOKEN} the request's bearer token. */
    private void reflecting(int code, String session) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String token = request.getHeaders().get("Authorization").substring("Bearer ".length());
                return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                        .body(session.replace("TOKEN", token)).build();
            }
        });
    }

    @Test
    void aReadReflectingTheKeyGivesASessionWithTheKeyMasked() {
        reflecting(200, "{\"id\":\"ver_abc123\",\"url\":\"" + URL + "\",\"status\":\"unverified\",\"type\":\"hosted\","
                + "\"identity\":{\"name\":\"key TOKEN\",\"id_number\":\"X1\",\"raw\":[\"TOKEN\"]},"
                + "\"face_match\":{\"matched\":false,\"score\":0.1,\"threshold\":0.8,\"note\":\"Bearer TOKEN\"},"
                + "\"debug\":{\"headers\":[{\"authorization\":\"Bearer TOKEN\"}]},"
                + "\"expires_at\":\"2026-03-12T10:30:00Z\"}");

        KycSession session = dokai.verifySessions().retrieve("ver_abc123");

        Identity identity = session.identity().orElseThrow();
        assertThat(identity.name()).contains("key [REDACTED]");
        assertThat(identity.idNumber()).contains("X1");
        assertThat(identity.additionalProperties()).isEqualTo(Map.of("raw", List.of("[REDACTED]")));
        assertThat(session.faceMatch().orElseThrow().additionalProperties()).isEqualTo(Map.of("note", "Bearer [REDACTED]"));
        assertThat(session.faceMatch().orElseThrow().score()).isEqualTo(0.1);
        assertThat(session.additionalProperties())
                .isEqualTo(Map.of("debug", Map.of("headers", List.of(Map.of("authorization", "Bearer [REDACTED]")))));
        // the rest as it came: the url's token is the session's, not the client's
        assertThat(session.id()).isEqualTo("ver_abc123");
        assertThat(session.url()).contains(URL);
        assertThat(session.status().is(KycStatus.UNVERIFIED)).isTrue();
    }

    /** The status is the server's text too: a key reflected into it is masked, the status then one not known. */
    @Test
    void aKeyReflectedAsTheStatusIsMasked() {
        reflecting(200, "{\"id\":\"ver_abc123\",\"status\":\"TOKEN\",\"type\":\"hosted\"}");

        KycSession session = dokai.verifySessions().retrieve("ver_abc123");

        assertThat(session.status().raw()).doesNotContain(KEY).contains("[REDACTED]");
        assertThat(session.status().isKnown()).isFalse();
    }

    /** A liveness check's name is the server's text too (the section's checks, by name). */
    @Test
    void aKeyReflectedAsALivenessChecksNameIsMasked() {
        reflecting(200, "{\"id\":\"ver_abc123\",\"status\":\"unverified\",\"type\":\"hosted\","
                + "\"liveness\":{\"passed\":false,\"score\":0.1,\"checks\":{\"blink\":1,\"Bearer TOKEN\":0}},"
                + "\"expires_at\":\"2026-03-12T10:30:00Z\"}");

        KycSession session = dokai.verifySessions().retrieve("ver_abc123");

        assertThat(session.liveness().orElseThrow().checks().keySet().toString()).doesNotContain(KEY);
        assertThat(session.toString()).doesNotContain(KEY);
    }

    /** The create's id is checked and handed back as it came, or the answer is refused: never a masked id. */
    @Test
    void aCreateWhoseIdIsTheKeyIsMalformed() {
        reflecting(201, "{\"id\":\"TOKEN\",\"url\":\"" + URL + "\",\"status\":\"pending\",\"expires_at\":\"2026-03-12T10:30:00Z\"}");

        Throwable thrown = catchThrowable(() -> dokai.verifySessions().create(CreateKycSessionParams.builder().build()));

        assertThat(thrown).isInstanceOf(MalformedResponseException.class).hasMessageContaining("id holds this client's credentials");
        assertThat(thrown.getMessage()).doesNotContain(KEY);
    }

    @Test
    void aSessionWithoutTheKeyIsAsItCame() {
        reflecting(200, "{\"id\":\"ver_abc123\",\"url\":\"" + URL + "\",\"status\":\"pending\","
                + "\"identity\":{\"name\":\"dk_live_another0000000000\"},\"debug\":{\"a\":[\"b\",null,1]}}");

        KycSession session = dokai.verifySessions().retrieve("ver_abc123");

        assertThat(session.identity().orElseThrow().name()).contains("dk_live_another0000000000");
        assertThat(session.url()).contains(URL);
        assertThat(session.additionalProperties().toString()).isEqualTo("{debug={a=[b, null, 1.0]}}");
    }
}
