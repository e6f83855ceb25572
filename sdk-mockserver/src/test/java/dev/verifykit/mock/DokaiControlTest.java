package dev.verifykit.mock;

import static dev.verifykit.mock.DokaiHttp.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DokaiControlTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T10:30:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private final DokaiHttp dokai = new DokaiHttp(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.get(key);
    }

    @Test
    void stepsOverHttpWithTheReadShapeAtEachStep() {
        String id = dokai.newSession("{\"document_type\":\"passport\"}");

        Answer uploaded = dokai.control("POST", "/sessions/" + id + "/advance", "");
        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(uploaded.json()).containsEntry("status", "document_uploaded")
                .containsEntry("document_type", "passport").containsEntry("webhook_url", null);
        assertThat(dokai.read(KEY, id).json()).containsEntry("status", "document_uploaded")
                .containsEntry("face_match", null).containsEntry("identity", null).doesNotContainKey("url");

        assertThat(dokai.control("POST", "/sessions/" + id + "/advance", null).json())
                .containsEntry("status", "processing");
        assertThat(dokai.read(KEY, id).json()).containsEntry("status", "processing").containsEntry("liveness", null);
        Answer tooFar = dokai.control("POST", "/sessions/" + id + "/advance", "");
        assertThat(tooFar.status()).isEqualTo(409);
        assertThat(tooFar.json()).containsEntry("error", "CONFLICT");

        clock.advance(Duration.ofMinutes(3));
        Answer done = dokai.control("POST", "/sessions/" + id + "/finish", "{\"outcome\":\"verified\"}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json()).containsEntry("terminal_at", "2026-05-07T10:33:00Z");
        Map<String, Object> read = dokai.read(KEY, id).json();
        assertThat(read).containsEntry("status", "verified").containsEntry("type", "hosted")
                .containsEntry("created_at", "2026-05-07T10:30:00Z").containsEntry("expires_at", "2026-05-08T10:30:00Z");
        assertThat(object(read, "face_match")).containsExactly(Map.entry("matched", true), Map.entry("score", 0.92),
                Map.entry("threshold", 0.363));
        assertThat(object(read, "liveness")).containsEntry("passed", true).containsEntry("score", 0.78);
        assertThat(object(object(read, "liveness"), "checks")).containsExactly(Map.entry("texture", 0.85),
                Map.entry("frequency", 0.8), Map.entry("reflection", 0.72), Map.entry("sharpness", 0.92),
                Map.entry("color", 0.75));
        assertThat(object(read, "identity")).containsExactly(Map.entry("name", "AHMAD BIN IBRAHIM"),
                Map.entry("id_number", "901215-08-5523"));

        assertThat(dokai.control("POST", "/sessions/" + id + "/finish", "{\"outcome\":\"failed\"}").status())
                .isEqualTo(409);
        assertThat(dokai.control("POST", "/sessions/" + id + "/expire", "").status()).isEqualTo(409);
        assertThat(dokai.control("GET", "/sessions/" + id, null).json()).containsEntry("status", "verified");
    }

    @Test
    void stepsInJava() {
        String id = dokai.newSession("{}");

        assertThat(server.dokai().session(id).orElseThrow().status()).isEqualTo("pending");
        assertThat(server.dokai().advance(id).status()).isEqualTo("document_uploaded");
        assertThat(server.dokai().advance(id).status()).isEqualTo("processing");
        assertThatThrownBy(() -> server.dokai().advance(id)).isInstanceOf(IllegalStateException.class);
        MockKycSession done = server.dokai().finish(id, "unverified");
        assertThat(done.status()).isEqualTo("unverified");
        assertThat(done.isTerminal()).isTrue();
        assertThat(done.result()).isEqualTo(MockKycResult.defaults("unverified"));
        assertThat(done.result().faceMatch().matched()).isFalse();
        assertThat(done.result().faceMatch().score()).isLessThan(done.result().faceMatch().threshold());
        assertThat(done.result().identity()).isNotNull();

        assertThatThrownBy(() -> server.dokai().finish(id, "verified")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.dokai().advance("ver_nope")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> server.dokai().finish(dokai.newSession("{}"), "approved"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(server.dokai().session("ver_nope")).isEmpty();

        String pendingToFinish = dokai.newSession("{}");
        assertThat(server.dokai().finish(pendingToFinish, "verified").status()).as("finish straight from pending")
                .isEqualTo("verified");
        MockKycSession expired = server.dokai().expire(dokai.newSession("{}"));
        assertThat(expired.status()).isEqualTo("expired");
        assertThat(expired.result()).isNull();
        assertThat(expired.terminalAt()).isEqualTo(clock.instant());
        assertThat(dokai.read(KEY, expired.id()).json()).containsEntry("status", "expired");
    }

    @Test
    void failedCarriesNoScoresOrIdentity() {
        String id = dokai.newSession("{}");

        assertThat(server.dokai().finish(id, "failed").result()).isEqualTo(new MockKycResult(null, null, null));

        Map<String, Object> read = dokai.read(KEY, id).json();
        assertThat(read).containsEntry("status", "failed").containsEntry("face_match", null)
                .containsEntry("liveness", null).containsEntry("identity", null);
    }

    @Test
    void customScoresAndIdentityInJava() {
        String id = dokai.newSession("{}");
        MockKycResult livenessFailed = MockKycResult.defaults("unverified")
                .withFaceMatch(new MockKycResult.FaceMatch(true, 0.88, 0.4))
                .withLiveness(new MockKycResult.Liveness(false, 0.12, new MockKycResult.Checks(0.1, 0.2, 0.05, 0.3, 0.15)))
                .withIdentity(new MockKycResult.Identity("JANE DOE", "X1234567"));

        server.dokai().finish(id, "unverified", livenessFailed);

        Map<String, Object> read = dokai.read(KEY, id).json();
        assertThat(object(read, "face_match")).containsEntry("matched", true).containsEntry("threshold", 0.4);
        assertThat(object(read, "liveness")).containsEntry("passed", false).containsEntry("score", 0.12);
        assertThat(object(object(read, "liveness"), "checks")).containsEntry("reflection", 0.05);
        assertThat(object(read, "identity")).containsEntry("name", "JANE DOE").containsEntry("id_number", "X1234567");
        assertThatThrownBy(() -> new MockKycResult.FaceMatch(true, 1.5, 0.3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MockKycResult.Checks(0, 0, 0, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customScoresOverHttpMergeWithTheOutcomeDefaults() {
        String id = dokai.newSession("{}");

        Answer done = dokai.control("POST", "/sessions/" + id + "/finish", "{\"outcome\":\"unverified\","
                + "\"face_match\":{\"matched\":true,\"score\":0.7},\"liveness\":{\"passed\":false,\"score\":0.1,"
                + "\"checks\":{\"texture\":0.05}},\"identity\":null}");

        assertThat(done.status()).isEqualTo(200);
        MockKycResult result = server.dokai().session(id).orElseThrow().result();
        assertThat(result.faceMatch()).isEqualTo(new MockKycResult.FaceMatch(true, 0.7, 0.363));
        assertThat(result.liveness()).isEqualTo(new MockKycResult.Liveness(false, 0.1,
                new MockKycResult.Checks(0.05, 0.80, 0.72, 0.92, 0.75)));
        assertThat(result.identity()).isNull();
        assertThat(dokai.read(KEY, id).json()).containsEntry("identity", null);
    }

    /** README: "given objects are merged field by field over the outcome's defaults", a liveness without checks too. */
    @Test
    void aLivenessGivenWithoutChecksKeepsTheDefaultChecks() {
        String id = dokai.newSession("{}");

        Answer done = dokai.control("POST", "/sessions/" + id + "/finish",
                "{\"outcome\":\"unverified\",\"liveness\":{\"passed\":false}}");

        assertThat(done.status()).isEqualTo(200);
        assertThat(server.dokai().session(id).orElseThrow().result().liveness()).isEqualTo(new MockKycResult.Liveness(
                false, 0.78, MockKycResult.defaults("unverified").liveness().checks()));
    }

    @Test
    void badFinishRequestsAre400AndUnknownSessions404() {
        String id = dokai.newSession("{}");
        String[] badParameters = {"{}", "{\"outcome\":\"approved\"}", "{\"outcome\":1}",
                "{\"outcome\":\"failed\",\"face_match\":{\"score\":0.5}}",
                "{\"outcome\":\"verified\",\"face_match\":{\"score\":1.5}}",
                "{\"outcome\":\"verified\",\"face_match\":{\"matched\":\"yes\"}}",
                "{\"outcome\":\"verified\",\"liveness\":[]}",
                "{\"outcome\":\"verified\",\"identity\":{\"name\":7}}"};
        for (String body : badParameters) {
            Answer answer = dokai.control("POST", "/sessions/" + id + "/finish", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json()).as(body).containsEntry("error", "INVALID_PARAMETER");
        }
        Answer notObject = dokai.control("POST", "/sessions/" + id + "/finish", "[]");
        assertThat(notObject.json()).containsEntry("error", "INVALID_BODY");
        assertThat(server.dokai().session(id).orElseThrow().status()).isEqualTo("pending");

        for (String action : new String[] {"advance", "finish", "expire"}) {
            Answer unknown = dokai.control("POST", "/sessions/ver_nope/" + action, "{\"outcome\":\"verified\"}");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json()).containsEntry("error", "SESSION_NOT_FOUND");
        }
        assertThat(dokai.control("GET", "/sessions/ver_nope", null).status()).isEqualTo(404);
        assertThat(dokai.control("GET", "/sessions/" + id + "/advance", null).status()).isEqualTo(405);
        assertThat(dokai.control("POST", "/deliveries", "").status()).isEqualTo(405);
        assertThat(dokai.control("GET", "/nothing", null).status()).isEqualTo(404);
    }

    @Test
    void resetForgetsSessionsOverHttpAndInJava() {
        String id = dokai.newSession("{}");

        assertThat(dokai.http().send("POST", "/_mock/reset", null, "").status()).isEqualTo(200);
        assertThat(server.dokai().sessionCount()).isZero();
        assertThat(server.dokai().session(id)).isEmpty();
        assertThat(dokai.read(KEY, id).status()).isEqualTo(404);

        String again = dokai.newSession("{}");
        server.reset();
        assertThat(server.dokai().session(again)).isEmpty();
        assertThat(server.dokai().deliveries()).isEmpty();
        assertThat(server.journal().entries()).isEmpty();
    }

    /**
     * README (Dokai): timestamps are truncated to milliseconds, and the services read the clock as
     * {@code Date.now()}: a session finished or expired at an instant finer than a millisecond showed
     * its {@code terminal_at} to the nanosecond.
     */
    @Test
    void aSessionFinishedOrExpiredOffAMillisecondShowsItsEndInMilliseconds() {
        clock.advance(Duration.ofNanos(123_456_789));
        String finished = dokai.newSession("{}");
        String expired = dokai.newSession("{}");

        Answer done = dokai.control("POST", "/sessions/" + finished + "/finish", "{\"outcome\":\"verified\"}");
        Answer gone = dokai.control("POST", "/sessions/" + expired + "/expire", "");

        assertThat(done.json()).containsEntry("terminal_at", "2026-05-07T10:30:00.123Z");
        assertThat(server.dokai().session(finished).orElseThrow().terminalAt())
                .isEqualTo(Instant.parse("2026-05-07T10:30:00.123Z"));
        assertThat(gone.json()).containsEntry("terminal_at", "2026-05-07T10:30:00.123Z");
    }

    /**
     * {@code DokaiControl.awaitDeliveries} takes a count of attempts to wait for. A negative count
     * returned at once (its sibling {@code MockJournal.await} refuses one: {@code IllegalArgumentException}),
     * and a count over the 10,000 attempts the log keeps (README; the oldest are dropped past it) could
     * never be reached: the wait ran its whole timeout, then said it "got 10000", as though the
     * deliveries had been slow.
     */
    @Test
    void aNegativeCountOrOneOverWhatTheLogKeepsIsRefusedAtOnce() {
        Throwable negative = catchThrowable(() -> server.dokai().awaitDeliveries(-1, Duration.ZERO));
        assertThat(negative).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");

        Throwable overTheLog = catchThrowable(() -> server.dokai().awaitDeliveries(10_001, Duration.ZERO));
        assertThat(overTheLog).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10001")
                .hasMessageContaining("10000");

        assertThat(server.dokai().awaitDeliveries(0, Duration.ZERO)).isEmpty();
        assertThat(catchThrowable(() -> server.dokai().awaitDeliveries(10_000, Duration.ZERO)))
                .as("as many as the log keeps: waited for, not refused").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("got 0");
    }
}
