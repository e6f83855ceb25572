package dev.verifykit.webhook;

import static dev.verifykit.webhook.Fixtures.BODY;
import static dev.verifykit.webhook.Fixtures.BODY_TEXT;
import static dev.verifykit.webhook.Fixtures.SECRET;
import static dev.verifykit.webhook.Fixtures.T;
import static dev.verifykit.webhook.Fixtures.bytes;
import static dev.verifykit.webhook.Fixtures.hmacHex;
import static dev.verifykit.webhook.Fixtures.timestamped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.Identity;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.KycStatus;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.webhook.WebhookOutcome.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyAndParseTest {
    private final WebhookVerifier verifier = Fixtures.verifier(Fixtures.clock()).build();

    private DokaiWebhookEvent parse(byte[] body) {
        return verifier.verifyAndParse(body, hmacHex(SECRET, body));
    }

    @Test
    void aCompletedEventCarriesTheSession() {
        DokaiWebhookEvent event = parse(BODY);

        assertThat(event).isInstanceOf(DokaiWebhookEvent.Completed.class);
        assertThat(event.type()).isEqualTo("verification.completed");
        KycSession session = ((DokaiWebhookEvent.Completed) event).session();
        assertThat(session.id()).isEqualTo("ver_abc123");
        assertThat(session.status().is(KycStatus.VERIFIED)).isTrue();
        assertThat(session.type()).contains("hosted");
        assertThat(session.faceMatch()).hasValueSatisfying(f -> assertThat(f.score()).isEqualTo(0.92));
        assertThat(session.liveness()).hasValueSatisfying(l -> assertThat(l.texture()).hasValue(0.85));
        assertThat(session.identity().flatMap(Identity::idNumber)).contains("901215-08-5523");
        assertThat(session.createdAt()).contains(Instant.parse("2026-03-11T10:30:00Z"));
        assertThat(event.toString()).doesNotContain("AHMAD", "901215");
    }

    @Test
    void anUnverifiedOutcomeIsAlsoCompleted() {
        DokaiWebhookEvent event = parse(bytes(BODY_TEXT.replace("\"verified\"", "\"unverified\"")));

        assertThat(event).isInstanceOfSatisfying(DokaiWebhookEvent.Completed.class,
                c -> assertThat(c.session().status().is(KycStatus.UNVERIFIED)).isTrue());
    }

    @Test
    void aFailedEventCarriesTheSession() {
        byte[] body = bytes("{\"id\":\"ver_fail1\",\"status\":\"failed\",\"type\":\"hosted\","
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"event\":\"verification.failed\"}");

        DokaiWebhookEvent event = parse(body);

        assertThat(event).isInstanceOfSatisfying(DokaiWebhookEvent.Failed.class, f -> {
            assertThat(f.session().id()).isEqualTo("ver_fail1");
            assertThat(f.session().status().is(KycStatus.FAILED)).isTrue();
            assertThat(f.session().identity()).isEmpty();
        });
        assertThat(event.type()).isEqualTo("verification.failed");
    }

    @Test
    void anUnknownEventKeepsItsTypeAndBody() {
        String text = "{\"event\":\"verification.reviewed\",\"id\":\"ver_abc123\",\"reviewer\":{\"name\":\"x\"}}";

        DokaiWebhookEvent event = parse(bytes(text));

        assertThat(event).isInstanceOfSatisfying(DokaiWebhookEvent.Unknown.class, u -> {
            assertThat(u.type()).isEqualTo("verification.reviewed");
            assertThat(u.rawJson()).isEqualTo(text);
        });
        assertThat(event.toString()).contains("verification.reviewed").doesNotContain("reviewer");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"id\":\"ver_1\",\"event\":",
        "{\"id\":\"ver_1\",\"event\":\"verification.completed\"} trailing",
        "[\"verification.completed\"]",
        "\"verification.completed\"",
        "{\"id\":\"ver_1\",\"status\":\"verified\"}",
        "{\"id\":\"ver_1\",\"status\":\"verified\",\"event\":7}",
        "{\"status\":\"verified\",\"event\":\"verification.completed\"}",
        "{\"id\":\"ver_1\",\"event\":\"verification.failed\"}",
        "{\"id\":null,\"status\":\"verified\",\"event\":\"verification.completed\"}"
    })
    void aVerifiedBodyThatIsNotAnEventIsMalformed(String text) {
        assertThatThrownBy(() -> parse(bytes(text)))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> {
                    assertThat(e.service()).contains(Service.DOKAI);
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e.requestId()).isEmpty();
                });
    }

    @Test
    void aBodyThatDoesNotVerifyIsNeverParsed() {
        byte[] notJson = bytes("not json");

        assertThat(WebhookVerifierTest.reasonOf(() -> verifier.verifyAndParse(notJson, hmacHex("whsec_other", notJson))))
                .isEqualTo(dev.verifykit.error.WebhookVerificationException.Reason.NO_MATCHING_SIGNATURE);
    }

    /** The session's unknown fields are kept (its {@code event} is the event's type, not one of them) and not shown. */
    @Test
    void theSessionsUnknownFieldsAreKeptAndTheEventIsNotOne() {
        DokaiWebhookEvent event = parse(bytes(BODY_TEXT.replace("\"type\":\"hosted\"", "\"type\":\"hosted\",\"region\":\"apac\"")));

        KycSession session = ((DokaiWebhookEvent.Completed) event).session();
        assertThat(session.additionalProperties()).containsExactly(Map.entry("region", "apac"));
        assertThat(event.toString()).doesNotContain("apac").doesNotContain("AHMAD");
    }

    /** Fakes for integrators' tests: values with equality, a copy to change, and the required fields checked. */
    @Test
    void buildersLetIntegratorsBuildFakes() {
        KycSession session = KycSession.builder().id("ver_1").status(KycStatus.VERIFIED).build();
        DokaiWebhookEvent.Completed completed = DokaiWebhookEvent.Completed.builder().session(session).build();
        DokaiWebhookEvent.Failed failed = DokaiWebhookEvent.Failed.builder()
                .session(session.toBuilder().status(KycStatus.FAILED).build()).build();
        DokaiWebhookEvent.Unknown unknown = DokaiWebhookEvent.Unknown.builder().type("verification.reviewed")
                .rawJson("{\"name\":\"AHMAD\"}").build();

        assertThat(completed.type()).isEqualTo(DokaiWebhookEvent.TYPE_COMPLETED);
        assertThat(failed.type()).isEqualTo(DokaiWebhookEvent.TYPE_FAILED);
        assertThat(completed.toBuilder().build()).isEqualTo(completed).hasSameHashCodeAs(completed);
        assertThat(failed.toBuilder().session(session).build()).isNotEqualTo(failed);
        assertThat(unknown.toBuilder().build()).isEqualTo(unknown);
        assertThat(unknown.toString()).isEqualTo("Unknown{type=verification.reviewed, rawJson=[REDACTED]}");
        // a sender's type holding controls is printed escaped (before: raw, forging a log line)
        assertThat(unknown.toBuilder().type("x\r\nINFO forged").build().toString())
                .isEqualTo("Unknown{type=x\\u000D\\u000AINFO forged, rawJson=[REDACTED]}");
        assertThatThrownBy(() -> DokaiWebhookEvent.Completed.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session");
        assertThatThrownBy(() -> DokaiWebhookEvent.Unknown.builder().type("x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rawJson");
    }

    /**
     * A number past a double's range ({@code 1e400}) is valid JSON (RFC 8259 sets no range), of a shape
     * the SDK does not read: RELIABILITY.md and the changelog call it "JSON of the wrong shape", and a read
     * answered so is a {@code MalformedResponseException} naming the field
     * ({@code GarbageAnswersTest.aNumberOutOfRange…}). A signed webhook delivery with one was refused with
     * the field named, but as "the webhook body is not valid JSON", sending its reader to look for a
     * syntax error that is not there.
     */
    @Test
    void aScorePastADoublesRangeIsNamedAsJsonOfAnUnexpectedShapeNotAsInvalidJson() {
        byte[] body = bytes("{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":1e400,\"threshold\":0.363},"
                + "\"event\":\"verification.completed\"}");

        Throwable parsed = catchThrowable(() -> verifier.verifyAndParse(body, timestamped(SECRET, T, body)));

        assertThat(parsed).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("$.face_match.score", "JSON of an unexpected shape").doesNotContain("not valid JSON"));
        // a body that is not JSON at all is still called so
        byte[] cut = bytes("{\"id\":\"ver_abc123\",\"event\":");
        assertThat(catchThrowable(() -> verifier.verifyAndParse(cut, timestamped(SECRET, T, cut))))
                .hasMessageContaining("the webhook body is not valid JSON");
    }

    /**
     * The Dokai client checks a session id before it reads one ({@code retrieve}, {@code awaitResult}),
     * and checks the id a create's answer gives by the same rule, so that "a caller is never blamed later
     * for what the server made" ({@code HttpTransport.checkGiven}). A webhook delivery's session id was not
     * checked: a completed event whose id the client refuses was handed to the handler, whose
     * {@code retrieve(event.session().id())} then threw {@code ValidationException} ("must be a session id
     * as create returned it"), the handler's fault by its type, every time Dokai sent it again. It is
     * refused as a body that is not a Dokai session, as a create's answer with that id is.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ver_xyz789/../admin", "ver xyz789", "ver_xyz789\\u2028x"})
    void aCompletedEventWhoseSessionIdTheClientWouldRefuseIsAMalformedBody(String id) {
        byte[] body = bytes("{\"id\":\"" + id + "\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"event\":\"verification.completed\"}");
        String signature = timestamped(SECRET, T, body);
        List<DokaiWebhookEvent> handled = new ArrayList<>();

        WebhookOutcome outcome = verifier.handle(body, signature, handled::add);
        Throwable parsed = catchThrowable(() -> verifier.verifyAndParse(body, signature));

        assertThat(handled).as("what the handler was given").isEmpty();
        assertThat(outcome.kind()).isEqualTo(Kind.REFUSED);
        assertThat(outcome.httpStatus()).isEqualTo(400);
        assertThat(parsed).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("session id", "must be a session id as create returned it").doesNotContain("admin", "xyz789"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ver_xyz789/../admin", "ver xyz789", "ver_xyz789\u2028x"})
    void theClientRefusesToReadSuchAnId(String id) {
        // what a handler reading the session back met (nothing is sent: the id is checked first)
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_review").baseUrl("http://127.0.0.1:9/dokai")
                .build()) {
            assertThat(catchThrowable(() -> dokai.verifySessions().retrieve(id))).isInstanceOf(ValidationException.class);
        }
    }
}
