package dev.verifykit.dokai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.MalformedResponseException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read keeps a session whose url does not fit (UnfitUrlAndTypeTest), but a create's whole purpose
 * is the hosted page's url (DokaiClient's Javadoc: redirect(session.url().orElseThrow())): a create
 * answered with a javascript: URL is a MalformedResponseException naming the session created, not
 * a session without url whose idiom then throws NoSuchElementException (found by a review of the
 * first version of the lenient read). The URL itself is not quoted.
 */
class CreateUrlTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aCreateAnsweredWithAJavascriptUrlIsAMalformedAnswerAsKycSessionUrlSays() {
        assertThat(createAnswered("\"url\":\"javascript:alert(document.cookie)//\","))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .contains("ver_abc123 was created").doesNotContain("alert"));
    }

    /** Dokai documents {@code url} in every create's answer ("Returns 201 Created with the session details and hosted URL"). */
    @Test
    void aCreateAnsweredWithoutAUrlIsAMalformedAnswer() {
        assertThat(createAnswered("")).isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(
                e.getMessage()).contains("ver_abc123 was created, but its answer gives no url"));
    }

    /**
     * A url with no host ({@code https://?…}, {@code https://#…}, {@code https://:443/…}: RFC 9110 §4.2.1,
     * an http(s) URI with an empty host is invalid) was taken as the hosted page, nothing a user can be
     * sent to.
     */
    @ParameterizedTest
    @ValueSource(strings = {"https://?token=eyJhbGci", "https://#eyJhbGci", "https://:443/verify/eyJhbGci",
            "http://?verify"})
    void aCreateAnsweredWithAUrlWithoutAHostIsAMalformedAnswer(String url) {
        assertThat(createAnswered("\"url\":\"" + url + "\","))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.getMessage())
                        .contains("ver_abc123 was created").doesNotContain("eyJhbGci"));
    }

    /**
     * A url whose authority is broken, a port that is no number (or past 65535), an IPv6 address without
     * its closing bracket, passed the check (scheme, a host, no spaces) and was handed out:
     * {@code URI.create} throws for {@code https://[::1/…} and reads {@code https://host:abc/…} as having
     * no host, and a browser opens neither, so the integrator's redirect failed, or led nowhere, after the
     * session was made (found by a reviewer).
     */
    @ParameterizedTest
    @ValueSource(strings = {"https://verify.dokai.example:abc/s/eyJhbGci", "https://[::1/s/eyJhbGci",
            "https://verify.dokai.example:99999/s/eyJhbGci", "https://verify.dokai.example:-1/s/eyJhbGci"})
    void aCreateAnsweredWithAUrlWhoseAuthorityIsBrokenIsAMalformedAnswer(String url) {
        assertThat(createAnswered("\"url\":\"" + url + "\",")).isInstanceOfSatisfying(MalformedResponseException.class,
                e -> assertThat(e.getMessage()).contains("ver_abc123 was created", "no absolute http or https URL")
                        .doesNotContain("eyJhbGci"));
    }

    /** A create's answer malformed elsewhere (a status of another type) names the session made too. */
    @Test
    void aCreateAnswerMalformedElsewhereNamesTheSessionMade() {
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                .body("{\"id\":\"ver_abc123\",\"url\":\"https://verify.dokai.example/s/ver_abc123\",\"status\":[\"pending\"],"
                        + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}").build());
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_review").baseUrl(server.url("/dokai").toString())
                .build()) {
            assertThat(catchThrowable(() -> dokai.verifySessions().create(CreateKycSessionParams.builder().build())))
                    .isInstanceOf(MalformedResponseException.class).hasMessageContaining(
                            "POST /v1/verify/session: the session ver_abc123 was created, but its answer is a malformed response");
        }
        assertThat(server.getRequestCount()).as("not sent again").isEqualTo(1);
    }

    private Throwable createAnswered(String url) {
        server.enqueue(new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                .body("{\"id\":\"ver_abc123\"," + url + "\"status\":\"pending\","
                        + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\"}").build());
        Throwable failure;
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_review").baseUrl(server.url("/dokai").toString())
                .maxRetries(0).build()) {
            failure = catchThrowable(() -> dokai.verifySessions().create(CreateKycSessionParams.builder().build())
                    .url().orElseThrow());
        }
        return failure;
    }
}
