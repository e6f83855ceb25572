package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.AuthenticationException;
import dev.verifykit.roblox.RobloxGameServerClient;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README (Security): "keys, secrets and JWTs are masked in server text before it is shown (as they
 * are, URL-encoded or JSON-escaped …)". The redactor knew one URL-encoded form, Java's
 * {@code URLEncoder}'s (every reserved character encoded, {@code +} or {@code %20} for a space).
 * Common encoders leave some reserved characters as they are: Python's {@code urllib.parse.quote}
 * keeps {@code /}, Go's {@code url.PathEscape} keeps {@code + = : @ $ & , ;}, JavaScript's
 * {@code encodeURIComponent} keeps {@code ! ' ( ) ~}. A base64 verification secret (what
 * {@code openssl rand -base64} makes) echoed by such a gateway or server showed whole.
 */
class PercentEncodedSecretTest {
    static final String SECRET = "q2+Zx/9Lr0Pd7bK1mN3vT5yW==";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @ParameterizedTest
    @ValueSource(strings = {
        "q2%2BZx/9Lr0Pd7bK1mN3vT5yW%3D%3D", // Python urllib.parse.quote (safe="/")
        "q2+Zx%2F9Lr0Pd7bK1mN3vT5yW==", // Go url.PathEscape
    })
    void aSecretEchoedPercentEncodedByAnotherEncoderIsMasked(String echoed) {
        String body = "{\"error\":{\"message\":\"Invalid verification secret " + echoed + "\",\"code\":-32001,"
                + "\"data\":{\"code\":\"UNAUTHORIZED\",\"httpStatus\":401,\"path\":\"auth.completeVerification\"}}}";
        server.enqueue(new MockResponse.Builder().code(401).setHeader("Content-Type", "application/json").body(body).build());

        Throwable thrown;
        try (RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(server.url("/rpc").toString())
                .verificationSecret(SECRET).maxRetries(0).build()) {
            thrown = catchThrowable(() -> game.completeVerification("123456", "156"));
        }

        assertThat(thrown).isInstanceOf(AuthenticationException.class);
        assertThat(thrown.getMessage()).contains("Invalid verification secret").doesNotContain("9Lr0Pd7bK1mN3vT5yW");
    }
}
