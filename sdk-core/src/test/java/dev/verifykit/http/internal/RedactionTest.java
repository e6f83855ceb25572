package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.Service;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String KEY = "dock_test_premium";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb2Jsb3hVc2VySWQiOiIxIn0.c2lnbmF0dXJl";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void secretsAndCredentialsNeverPrintThemselves() {
        Secret secret = Secret.of(KEY);
        assertThat(secret.toString()).doesNotContain(KEY);
        assertThat(Credentials.bearer(secret).toString()).doesNotContain(KEY);
        assertThat(Credentials.header("x-verification-secret", secret).toString()).doesNotContain(KEY);
    }

    @Test
    void redactorMasksKnownSecretsAndJwts() {
        Redactor redactor = new Redactor(List.of(Secret.of(KEY)));
        String text = redactor.redact("key " + KEY + " token " + JWT + " end");
        assertThat(text).doesNotContain(KEY).doesNotContain(JWT).contains("[REDACTED]").endsWith(" end");
        assertThat(redactor.redact("DOCK_TEST_PREMIUM Dock_Test_Premiumdock_test_premium!"))
                .isEqualTo("[REDACTED] [REDACTED][REDACTED]!");
        assertThat(redactor.redact("dock_test_premiu")).isEqualTo("dock_test_premiu");
        assertThat(redactor.headerForLog("Authorization", "Bearer x")).isEqualTo("[REDACTED]");
        assertThat(redactor.headerForLog("X-Verification-Secret", "x")).isEqualTo("[REDACTED]");
        assertThat(redactor.headerForLog("X-Request-Id", "req_1")).isEqualTo("req_1");
    }

    @Test
    void aServerMessageEchoingTheKeyOrAJwtIsRedactedInTheException() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"bad key " + KEY + " / " + JWT + "\"}").build());
        ErrorMapper echoing = (response, known, redactor) -> ApiErrors.forStatus(new ApiError(known.service(),
                known.httpStatus(), "INVALID_API_KEY", redactor.redact(response.bodyText()), known.requestId(),
                known.endpoint(), known.retryAfter()));
        try (HttpTransport transport = new HttpTransport(Service.DOCK,
                HttpSettings.builder().baseUrl(server.url("/").toString()).build(), "https://unused.example",
                Credentials.bearer(Secret.of(KEY)), echoing)) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()));
            assertThat(thrown.getMessage()).contains("INVALID_API_KEY").doesNotContain(KEY).doesNotContain(JWT);
            assertThat(thrown.toString()).doesNotContain(KEY).doesNotContain(JWT);
        }
    }
}
