package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README: "a result section of a Dokai session that does not fit its type (a face match without a
 * score, liveness checks that are not numbers) ... is kept in the response's additionalProperties(),
 * as it came". Scores and checks sent as JSON strings ({@code "0.85"}) do not fit the documented
 * number type, yet Moshi's {@code nextDouble()} parses a string as a number: they were taken as
 * numbers, and the sections were given as if Dokai had sent them so.
 */
class NumbersSentAsTextTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    @Test
    void livenessChecksAndScoresThatAreTextAreKeptAsTheyCame() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                        + "\"face_match\":{\"matched\":true,\"score\":\"0.92\",\"threshold\":0.363},"
                        + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"texture\":\"0.85\"}}}")
                .build());
        dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e").baseUrl(server.url("/dokai").toString()).build();

        KycSession session = dokai.verifySessions().retrieve("ver_abc123");

        assertThat(session.liveness()).as("liveness whose checks are not numbers").isEmpty();
        assertThat(session.faceMatch()).as("a face match whose score is not a number").isEmpty();
        assertThat(session.additionalProperties()).containsKeys("liveness", "face_match");
    }
}
