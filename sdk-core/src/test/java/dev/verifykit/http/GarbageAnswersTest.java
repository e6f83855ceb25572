package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.roblox.RobloxVerificationClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An answer that is not the API's says what arrived (status, content type, length, and for a body
 * that is not JSON a short redacted preview), with a hint for an HTML page, instead of Moshi's advice
 * to its own users ("Use JsonReader.setLenient(true) …").
 */
class GarbageAnswersTest {
    private static final String HTML = "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>"
            + "<body>" + "<p>filler</p>".repeat(40) + "</body></html>";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void anHtmlPageInsteadOfJsonIsDescribedWithAHint() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/html; charset=utf-8")
                .body(HTML).build());
        String base = server.url("/dock").toString();

        Throwable thrown;
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(base).maxRetries(0).build()) {
            thrown = catchThrowable(() -> dock.sessions().retrieve("vsn_1"));
        }

        assertThat(thrown).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("HTTP 200", "text/html; charset=utf-8", HTML.length() + " bytes")
                .contains("starting \"<!DOCTYPE html>\\u000A<html><head><title>Welcome to nginx!</title>") // escaped as server text
                .contains("HTML page", "check the base URL (" + base)
                .doesNotContain("setLenient", "filler</p></body>"));
    }

    /**
     * A body that begins as JSON but is cut short is described, not shown: its values are an
     * answer's (before, an RPC begin answer with text after it quoted its one-time code).
     */
    @Test
    void brokenJsonIsDescribedWithoutItsValuesAndWithoutMoshisAdvice() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"id\":\"ver_1\",\"echo\":\"Bearer dk_test_wire_8c1e\",\"status\":").build());

        Throwable thrown;
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
                .baseUrl(server.url("/dokai").toString()).maxRetries(0).build()) {
            thrown = catchThrowable(() -> dokai.verifySessions().retrieve("ver_1"));
        }

        assertThat(thrown).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("HTTP 200", "application/json", "bytes)")
                .doesNotContain("dk_test_wire_8c1e", "ver_1", "starting", "setLenient", "HTML page"));
    }

    /**
     * The content type is the server's text too: one echoing the request's credential (a reflecting
     * proxy), or tens of kilobytes long, reaches the message redacted and cut like any other.
     */
    @Test
    void aContentTypeEchoingTheCredentialIsRedactedAndCut() {
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/plain; echo=\"Bearer dk_test_wire_8c1e\"").body("busy").build());
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/plain; pad=" + "p".repeat(100_000)).body("busy").build());

        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
                .baseUrl(server.url("/dokai").toString()).maxRetries(0).build()) {
            assertThat(catchThrowable(() -> dokai.verifySessions().retrieve("ver_1")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                            .contains("text/plain; echo=\"Bearer [REDACTED]\"", "starting \"busy\"")
                            .doesNotContain("dk_test_wire_8c1e"));
            assertThat(catchThrowable(() -> dokai.verifySessions().retrieve("ver_1")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                            .hasSizeLessThan(2_000).contains("starting \"busy\""));
        }
    }

    @Test
    void plainTextIsPreviewedAndAnEmptyBodyIsNamedAsSuch() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
                .body("upstream connect error or disconnect/reset before headers").build());
        server.enqueue(new MockResponse.Builder().code(200).build());

        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder()
                .baseUrl(server.url("/roblox").toString()).maxRetries(0).build()) {
            assertThat(catchThrowable(rpc::beginVerification)).isInstanceOfSatisfying(MalformedResponseException.class,
                    e -> assertThat(e.getMessage()).contains("text/plain", "57 bytes",
                            "starting \"upstream connect error or disconnect/reset before headers\"")
                            .doesNotContain("setLenient"));
            assertThat(catchThrowable(rpc::beginVerification)).isInstanceOfSatisfying(MalformedResponseException.class,
                    e -> assertThat(e.getMessage()).contains("no content type, 0 bytes").doesNotContain("starting"));
        }
    }

    @Test
    void jsonOfAnotherShapeIsNotPreviewed() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body("{\"status\":200,\"data\":[\"identity: AHMAD BIN IBRAHIM\"],\"meta\":{}}").build());

        Throwable thrown;
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxRetries(0).build()) {
            thrown = catchThrowable(() -> {
                DockSession ignored = dock.sessions().retrieve("vsn_1");
            });
        }

        assertThat(thrown).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                .contains("HTTP 200", "application/json").doesNotContain("AHMAD", "starting"));
    }

    /**
     * A number too large for a double ({@code 1e999}) is valid JSON, only out of range: the body is
     * JSON of the wrong shape, not previewed, so the identity data before it stays out of the message.
     */
    @Test
    void aNumberOutOfRangeIsAWrongShapeNotAPreviewedBody() {
        server.enqueue(json("{\"id\":\"ver_1\",\"identity\":{\"name\":\"AHMAD BIN IBRAHIM\"},"
                + "\"face_match\":{\"score\":1e999}}"));
        server.enqueue(json("{\"result\":{\"data\":{\"status\":\"verified\",\"user\":{\"username\":\"ahmad_ibrahim\","
                + "\"robloxUserId\":-1e400}}}}"));

        Throwable dokai = dokaiRetrieveFailure();
        Throwable rpc;
        try (RobloxVerificationClient client = RobloxVerificationClient.builder()
                .baseUrl(server.url("/roblox").toString()).maxRetries(0).build()) {
            rpc = catchThrowable(() -> client.checkVerification("6f1b2c3d-1234-4abc-8def-0123456789ab"));
        }

        assertThat(dokai).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                .contains("at path $.face_match.score").doesNotContain("AHMAD", "starting"));
        assertThat(rpc).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                .doesNotContain("ahmad", "starting"));
    }

    /**
     * Moshi's own messages name the value it refused ("Expected a double but was …", a name sent
     * twice with both values); the exception keeps the kind of value and the path only, cut short.
     */
    @Test
    void aValueOfTheWrongTypeOrANameSentTwiceIsNamedByItsPathNotItsValue() {
        String dock = "{\"status\":200,\"data\":{\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\",\"pid\":\"PID-ABC12345\","
                + "\"clientId\":\"u\",\"status\":\"completed\",\"expiresAt\":\"2026-05-07T00:05:00.000Z\","
                + "\"verifyUrl\":\"https://api.docksys.xyz/v2/verifications/discord?pid=P&sid=vsn_1\","
                + "\"result\":{\"linkVersion\":\"%s\"}},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"}}";
        String session = "{\"id\":\"ver_1\",\"status\":\"verified\",\"type\":\"hosted\",%s"
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}";
        server.enqueue(json(dock.formatted("901215-08-5523 AHMAD BIN IBRAHIM")));
        server.enqueue(json(dock.formatted("A".repeat(3_000_000))));
        server.enqueue(json(dock.formatted("AHMAD at path $.x")));
        server.enqueue(json(session.formatted("\"extra\":{\"line1\":\"12 JALAN RAHSIA\",\"line1\":\"34 LORONG SULIT\"},")));

        try (DockClient client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxRetries(0).build()) {
            assertThat(catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                            .contains("$.data.result.linkVersion") // the path, never the value
                            .doesNotContain("AHMAD", "901215"));
            assertThat(catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e).length()).isLessThan(2_000));
            assertThat(catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                            .contains("at path $.data.result.linkVersion").doesNotContain("AHMAD"));
        }
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_wire_8c1e")
                .baseUrl(server.url("/dokai").toString()).maxRetries(0).build()) {
            assertThat(catchThrowable(() -> dokai.verifySessions().retrieve("ver_1")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                            .contains("an object has a name twice, at path $.extra.line1")
                            .doesNotContain("JALAN", "LORONG"));
        }
    }

    /**
     * A value the client quotes when it cannot use it (an RPC status it does not know) is the
     * server's text like any other: cut to 1,000 characters, and redacted; a status of 200,000
     * characters was quoted whole.
     */
    @Test
    void anUnknownStatusQuotedInTheMessageIsCutAndRedacted() {
        server.enqueue(json("{\"result\":{\"data\":{\"status\":\"" + "s".repeat(200_000) + "\"}}}"));
        server.enqueue(json("{\"result\":{\"data\":{\"status\":\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\"}}}"));

        try (RobloxVerificationClient client = RobloxVerificationClient.builder()
                .baseUrl(server.url("/roblox").toString()).maxRetries(0).build()) {
            assertThat(catchThrowable(() -> client.checkVerification("6f1b2c3d-1234-4abc-8def-0123456789ab")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                            .hasSizeLessThan(2_000).contains("the unknown status \"sss").containsPattern("… \\(2000\\d\\d characters\\)"));
            assertThat(catchThrowable(() -> client.checkVerification("6f1b2c3d-1234-4abc-8def-0123456789ab")))
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                            .contains("the unknown status \"[REDACTED]\"").doesNotContain("eyJhbGci"));
        }
    }

    /**
     * The page an integrator sends a user to is an http or https URL: a {@code javascript:} or
     * {@code data:} URL put in a link would run in the user's browser. Dock's {@code verifyUrl} is
     * required: its session is a malformed answer (the URL not quoted). Dokai's {@code url} is
     * optional: its session is read without it (a finished session, or a webhook's, stays readable),
     * the value kept as it came among the additional properties, never as {@code url()}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(document.cookie)//", "data:text/html,<script>alert(1)</script>",
            "JAVASCRIPT:alert(1)", "/relative/alert", "https:///alert", "https://host/alert page", "https://host\\@alert",
            "ftp://host/alert", "",
            // a C1 control, a line separator, a bidirectional override (a link showing "exe.gnp" as "png.exe"):
            // passed before, only C0 controls and DEL were refused
            "https://host/alert\u0085", "https://host/alert\u2028", "https://host/alert\u202Eexe.gnp"})
    void aSessionPageThatIsNotAnHttpUrlIsAMalformedAnswer(String url) {
        String quoted = url.replace("\\", "\\\\");
        server.enqueue(json("{\"status\":200,\"data\":{\"id\":\"vsn_A1b2C3d4E5f6G7h8J9k0L1\",\"pid\":\"PID-ABC12345\","
                + "\"clientId\":\"u\",\"status\":\"pending\",\"expiresAt\":\"2026-05-07T00:05:00.000Z\",\"verifyUrl\":\""
                + quoted + "\"},\"meta\":{\"requestId\":\"req_1\",\"version\":\"2.0.0\"}}"));
        server.enqueue(json("{\"id\":\"ver_1\",\"url\":\"" + quoted + "\",\"status\":\"pending\",\"type\":\"hosted\","
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}"));

        Throwable dock;
        try (DockClient client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxRetries(0).build()) {
            dock = catchThrowable(() -> client.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1"));
        }
        KycSession dokai;
        try (DokaiClient client = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(server.url("/dokai").toString())
                .maxRetries(0).build()) {
            dokai = client.verifySessions().retrieve("ver_1");
        }

        assertThat(dock).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(fullText(e))
                .contains("not an absolute http or https URL at $.data.verifyUrl").doesNotContain("alert"));
        assertThat(dokai.url()).isEmpty();
        assertThat(dokai.additionalProperties()).containsEntry("url", url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.docksys.xyz/v2/verifications/discord?pid=P&sid=vsn_1",
            "http://127.0.0.1:8080/dokai/hosted/ver_1", "HTTPS://Verify.Dokai.dev/s/ver_1?t=a%20b"})
    void aSessionPageThatIsAnHttpUrlIsRead(String url) {
        server.enqueue(json("{\"id\":\"ver_1\",\"url\":\"" + url + "\",\"status\":\"pending\",\"type\":\"hosted\","
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}"));
        try (DokaiClient client = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(server.url("/dokai").toString())
                .maxRetries(0).build()) {
            assertThat(client.verifySessions().retrieve("ver_1").url()).contains(url);
        }
    }

    /** What a Dokai retrieve of the next answer, not retried, throws. */
    private Throwable dokaiRetrieveFailure() {
        try (DokaiClient client = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(server.url("/dokai").toString())
                .maxRetries(0).build()) {
            return catchThrowable(() -> client.verifySessions().retrieve("ver_1"));
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static String fullText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

    /** A status line OkHttp cannot read is quoted in its failure: cut there, and in the cause too. */
    @Test
    void aHugeStatusLineIsCutInTheFailureAndItsCause() {
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 2x0 " + "y".repeat(100_000)).build());

        Throwable thrown;
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxRetries(0).build()) {
            thrown = catchThrowable(() -> dock.sessions().retrieve("vsn_1"));
        }

        assertThat(thrown).isInstanceOf(dev.verifykit.error.TransportException.class);
        assertThat(fullText(thrown)).hasSizeLessThan(4_000).contains("Unexpected status line: HTTP/1.1 2x0 yyy")
                .containsPattern("… \\(1000\\d\\d characters\\)");
    }

    /** A server's text reaches messages cut to 1,000 characters, so a hostile server cannot fill logs. */
    @Test
    void aHugeServerMessageOrCodeIsCutInTheException() {
        String huge = "x".repeat(200_000);
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .setHeader("X-Request-Id", "r".repeat(5_000))
                .body("{\"status\":400,\"error\":\"" + huge + "\",\"message\":\"" + huge + "\"}").build());
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"code\":\"invalid_request\",\"message\":\"" + huge + "\"}}").build());
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"" + huge + "\",\"code\":-32600,\"data\":{\"code\":\"BAD_REQUEST\","
                        + "\"httpStatus\":400,\"path\":\"" + huge + "\"}}}").build());

        Throwable dock;
        try (DockClient client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .maxRetries(0).build()) {
            dock = catchThrowable(() -> client.sessions().retrieve("vsn_1"));
        }
        Throwable dokai = dokaiRetrieveFailure();
        Throwable rpc;
        try (RobloxVerificationClient client = RobloxVerificationClient.builder()
                .baseUrl(server.url("/roblox").toString()).maxRetries(0).build()) {
            rpc = catchThrowable(client::beginVerification);
        }

        for (Throwable thrown : new Throwable[] {dock, dokai, rpc}) {
            assertThat(thrown).isInstanceOf(dev.verifykit.error.ApiException.class);
            assertThat(thrown.getMessage()).hasSizeLessThan(4 * 1100).contains("… (200000 characters)");
        }
        assertThat(((dev.verifykit.error.ApiException) dock).requestId().orElseThrow()).hasSizeLessThan(1100);
    }
}
