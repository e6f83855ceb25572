package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Dock and Dokai read request bodies as the real Node servers do ({@code JSON.parse}): a number past a
 * double's range is a number (an infinity), ignored in an unknown field and refused with the field's own
 * error in a known one; a name given twice keeps its last value.
 */
@ExtendWith(MockServerExtension.class)
class DockDokaiJsonBodyTest {

    private final MockServer server;

    DockDokaiJsonBodyTest(MockServer server) {
        this.server = server;
    }

    // sdk-mockserver/README.md, Dock "Create": "unknown fields are ignored"
    @Test
    void dockCreateIgnoresAnUnknownFieldHoldingALargeNumber() {
        Http.Answer answer = new Http(server).create(Http.FREE,
                "{\"pid\":\"PID-FREE0001\",\"clientId\":\"big-number\",\"trace\":1e400}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    // sdk-mockserver/README.md, Dokai "Requests": "An empty body is `{}`; `null` fields are absent; unknown fields are ignored"
    @Test
    void dokaiCreateIgnoresAnUnknownFieldHoldingALargeNumber() {
        Http.Answer answer = new DokaiHttp(server).create(DokaiHttp.KEY, "{\"document_type\":\"passport\",\"score\":1e400}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    // an idempotent create fingerprints its body: an infinity in it is written as its name
    @Test
    void dockIdempotentCreateReplaysABodyHoldingALargeNumber() {
        Http http = new Http(server);
        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"big-idempotent\",\"trace\":-1e400}";
        Http.Answer first = http.create(Http.FREE, body, "key-big-number");
        Http.Answer replay = http.create(Http.FREE, body, "key-big-number");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.data().get("id")).isEqualTo(first.data().get("id"));
    }

    @Test
    void dockCreateRefusesALargeNumberInAKnownFieldWithTheFieldsError() {
        Http.Answer answer = new Http(server).create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":1e400}");
        DockCreateTest.assertError(answer, 400, "INVALID_PARAMETER", "clientId: must be a string");
    }

    @Test
    void dokaiCreateRefusesALargeNumberInAKnownFieldWithTheFieldsError() {
        Http.Answer answer = new DokaiHttp(server).create(DokaiHttp.KEY, "{\"document_type\":1e400}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("document_type must be a string");
    }

    // A JSON object whose name repeats is still a JSON object (RFC 8259 §4: names SHOULD be unique;
    // JSON.parse keeps the last value, as the mock's Roblox RPC does).
    @Test
    void dockCreateReadsARepeatedNameAsItsLastValue() {
        Http.Answer answer = new Http(server).create(Http.FREE,
                "{\"pid\":\"PID-FREE0001\",\"clientId\":\"first\",\"clientId\":\"last\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.data().get("clientId")).isEqualTo("last");
    }

    @Test
    void dokaiCreateReadsARepeatedNameAsItsLastValue() {
        Http.Answer answer = new DokaiHttp(server).create(DokaiHttp.KEY,
                "{\"document_type\":\"passport\",\"document_type\":\"identity_card\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String id = (String) answer.json().get("id");
        assertThat(server.dokai().session(id).orElseThrow().documentType()).isEqualTo("identity_card");
    }

    /**
     * sdk-mockserver/README.md, Dokai "Requests": "An empty body is {@code {}} [...] The body is read as
     * {@code JSON.parse} reads it". A body of spaces and line breaks is not empty, and {@code JSON.parse}
     * refuses it ("Unexpected end of JSON input"), as the mock's Dock create does; the Dokai create took it
     * as {@code {}} and made a session.
     */
    @ExtendWith(MockServerExtension.class)
    @Test
    void aWhitespaceOnlyBodyIsRefusedNotTakenAsEmpty() {
        Http.Answer answer = new DokaiHttp(server).create(DokaiHttp.KEY, " \r\n\t ");
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(server.dokai().sessionCount()).isZero();
    }

    @Test
    void anEmptyBodyIsStillAnEmptyObject() {
        Http.Answer answer = new DokaiHttp(server).create(DokaiHttp.KEY, "");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }
}
