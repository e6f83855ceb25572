package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * reference/README.md, Dock: "`error` (stable machine-readable code, on failure)" and "v2 error codes:
 * BAD_REQUEST, MISSING_PARAMETER, INVALID_PARAMETER, INVALID_BODY, INVALID_API_KEY, INVALID_SESSION,
 * FORBIDDEN, PREMIUM_REQUIRED, LINK_NOT_FOUND, SESSION_NOT_FOUND, SESSION_EXPIRED, RATE_LIMITED,
 * SHARED_IP_RATE_LIMITED, BULK_LIMIT_EXCEEDED, CONFLICT, INTERNAL_ERROR". An injected status answered
 * in the service's own shape carries one of them (503 was SERVICE_UNAVAILABLE and 404 NOT_FOUND, codes
 * no real Dock answer has). Unknown paths keep their documented NOT_FOUND (mock README).
 */
class DockInjectedErrorCodesTest {
    static final Set<String> V2_CODES = Set.of("BAD_REQUEST", "MISSING_PARAMETER", "INVALID_PARAMETER", "INVALID_BODY",
            "INVALID_API_KEY", "INVALID_SESSION", "FORBIDDEN", "PREMIUM_REQUIRED", "LINK_NOT_FOUND", "SESSION_NOT_FOUND",
            "SESSION_EXPIRED", "RATE_LIMITED", "SHARED_IP_RATE_LIMITED", "BULK_LIMIT_EXCEEDED", "CONFLICT",
            "INTERNAL_ERROR");

    private MockServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = MockServer.start();
        http = new Http(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anInjectedStatusIsAnsweredWithAV2ErrorCode() {
        String id = http.newSession("inj");
        server.faults().add("GET /dock/** respond status=503 times=1");
        Http.Answer unavailable = http.read(Http.FREE, id, null);
        server.faults().add("GET /dock/** respond status=404 times=1");
        Http.Answer notFound = http.read(Http.FREE, id, null);
        server.faults().add("GET /dock/** respond status=410 times=1");
        Http.Answer expired = http.read(Http.FREE, id, null);

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.error()).as(unavailable.body()).isIn(V2_CODES).isEqualTo("INTERNAL_ERROR");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.error()).as(notFound.body()).isIn(V2_CODES).isEqualTo("SESSION_NOT_FOUND");
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.error()).as(expired.body()).isIn(V2_CODES).isEqualTo("SESSION_EXPIRED");
    }
}
