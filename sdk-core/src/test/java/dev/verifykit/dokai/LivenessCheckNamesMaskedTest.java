package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README, Security: "A session never holds the client's own secrets ... wherever a server reflected
 * it into the session's text". {@code Liveness.checks()} is a map whose names are the server's text
 * (a check's name), but DokaiJson.withoutSecrets masks only the liveness section's
 * additionalProperties: a key reflected as a check's name is handed out as it came.
 */
class LivenessCheckNamesMaskedTest {
    private static final String KEY = "dk_live_Reflect3d9f2c71aa";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DokaiClient dokai;

    @BeforeEach
    void build() {
        dokai = DokaiClient.builder().apiKey(KEY).baseUrl(server.url("/dokai").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z"))).build();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String token = request.getHeaders().get("Authorization").substring("Bearer ".length());
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"id\":\"ver_abc123\",\"status\":\"unverified\",\"type\":\"hosted\","
                                + "\"liveness\":{\"passed\":false,\"score\":0.1,\"checks\":{\"blink\":1,\"Bearer " + token + "\":0}},"
                                + "\"expires_at\":\"2026-03-12T10:30:00Z\"}")
                        .build();
            }
        });
    }

    @AfterEach
    void close() {
        dokai.close();
    }

    @Test
    void aKeyReflectedAsALivenessChecksNameIsMasked() {
        KycSession session = dokai.verifySessions().retrieve("ver_abc123");

        assertThat(session.liveness().orElseThrow().checks().keySet().toString()).doesNotContain(KEY);
        assertThat(session.toString()).doesNotContain(KEY);
    }
}
