package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DockCreateTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createAnswersTheV2EnvelopeWithRequestIdAndRateLimitHeaders() {
        Answer answer = http.create(Http.FREE,
                "{\"pid\":\"PID-FREE0001\",\"clientId\":\"user_123\",\"guildId\":\"987654321098765432\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        Map<String, Object> json = answer.json();
        assertThat(json).containsOnlyKeys("status", "data", "meta", "timestamp");
        assertThat(json.get("status")).isEqualTo(200.0);
        assertThat(json.get("timestamp")).isEqualTo("2026-05-07T00:00:00.000Z");
        assertThat(answer.meta()).containsEntry("version", "2.0.0");
        String requestId = (String) answer.meta().get("requestId");
        assertThat(requestId).startsWith("req_");
        assertThat(answer.header("X-Request-Id")).isEqualTo(requestId);
        assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("6");
        assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("5");
        assertThat(Long.parseLong(answer.header("X-RateLimit-Reset")))
                .isEqualTo(Instant.parse("2026-05-07T00:00:10Z").getEpochSecond());
        assertThat(answer.header("X-RateLimit-Limit-Day")).isEqualTo("2000");
        assertThat(answer.header("X-RateLimit-Remaining-Day")).isEqualTo("1999");

        Map<String, Object> data = answer.data();
        assertThat(data).containsOnlyKeys("id", "pid", "clientId", "guildId", "status", "statusReason", "createdAt",
                "expiresAt", "terminalAt", "verifyUrl", "reusedExisting", "result");
        String id = (String) data.get("id");
        assertThat(id).matches("vsn_[0-9A-Za-z]{22}");
        assertThat(data).containsEntry("pid", "PID-FREE0001")
                .containsEntry("clientId", "user_123")
                .containsEntry("guildId", "987654321098765432")
                .containsEntry("status", "pending")
                .containsEntry("statusReason", null)
                .containsEntry("createdAt", "2026-05-07T00:00:00.000Z")
                .containsEntry("expiresAt", "2026-05-07T00:05:00.000Z")
                .containsEntry("terminalAt", null)
                .containsEntry("reusedExisting", false)
                .containsEntry("result", null)
                .containsEntry("verifyUrl",
                        server.dockBaseUrl() + "/v2/verifications/discord?pid=PID-FREE0001&sid=" + id);
    }

    @Test
    void premiumKeyGetsItsOwnDailyLimitAndGuildIdIsNullWhenAbsent() {
        Answer answer = http.create(Http.PREMIUM, "{\"pid\":\"PID-PREM0001\",\"clientId\":\"c\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.data()).containsEntry("guildId", null);
        assertThat(answer.header("X-RateLimit-Limit-Day")).isEqualTo("10000");
    }

    @Test
    void missingOrUnknownApiKeyIs401WithoutRateLimitHeaders() {
        Answer missing = http.create(null, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\"}");
        Answer unknown = http.create("dock_live_nope", "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\"}");
        Answer readUnknown = http.read("nope", "vsn_AAAAAAAAAAAAAAAAAAAAAA", null);

        for (Answer answer : new Answer[] {missing, unknown, readUnknown}) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.error()).isEqualTo("INVALID_API_KEY");
            assertThat(answer.json()).containsKeys("message", "timestamp").containsEntry("status", 401.0);
            assertThat(answer.header("X-Request-Id")).isEqualTo(answer.meta().get("requestId"));
            assertThat(answer.header("X-RateLimit-Limit")).isNull();
        }
    }

    @Test
    void pidNotOwnedByTheKeyIs403() {
        Answer answer = http.create(Http.FREE, "{\"pid\":\"PID-PREM0001\",\"clientId\":\"c\"}");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).isEqualTo("FORBIDDEN");
        assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("6");
    }

    @Test
    void missingFieldsAre400MissingParameterNamingTheField() {
        assertError(http.create(Http.FREE, "{\"clientId\":\"c\"}"), 400, "MISSING_PARAMETER", "pid");
        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\"}"), 400, "MISSING_PARAMETER", "clientId");
        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":null}"), 400,
                "MISSING_PARAMETER", "clientId");
        assertError(http.create(Http.FREE, "{\"pid\":\"\",\"clientId\":\"c\"}"), 400, "MISSING_PARAMETER", "pid");
    }

    @Test
    void badFormatsAndTypesAre400InvalidParameter() {
        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\",\"guildId\":\"123\"}"),
                400, "INVALID_PARAMETER", "guildId");
        assertError(http.create(Http.FREE,
                        "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\",\"guildId\":\"12345678901234567890123\"}"),
                400, "INVALID_PARAMETER", "guildId");
        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\",\"guildId\":\"98765432109876543a\"}"),
                400, "INVALID_PARAMETER", "guildId");
        assertError(http.create(Http.FREE,
                        "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c\",\"guildId\":987654321098765432}"),
                400, "INVALID_PARAMETER", "guildId");
        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"" + "x".repeat(129) + "\"}"),
                400, "INVALID_PARAMETER", "clientId");
        assertError(http.create(Http.FREE, "{\"pid\":42,\"clientId\":\"c\"}"), 400, "INVALID_PARAMETER", "pid");
        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":[\"c\"]}"), 400,
                "INVALID_PARAMETER", "clientId");

        assertThat(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"" + "x".repeat(128)
                + "\",\"guildId\":\"12345678901234567\"}").status()).isEqualTo(200);
    }

    /** CONTRACT.md: guildId "a 17–20 digit snowflake": 20 digits are taken, 16 and 21 refused. */
    @Test
    void aGuildIdOf17To20DigitsIsTakenAndOneDigitOutsideIsRefused() {
        Answer twenty = http.create(Http.FREE,
                "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c20\",\"guildId\":\"12345678901234567890\"}");
        assertThat(twenty.status()).isEqualTo(200);
        assertThat(twenty.data()).containsEntry("guildId", "12345678901234567890");

        assertError(http.create(Http.FREE, "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c16\",\"guildId\":\"1234567890123456\"}"),
                400, "INVALID_PARAMETER", "guildId");
        assertError(http.create(Http.FREE,
                        "{\"pid\":\"PID-FREE0001\",\"clientId\":\"c21\",\"guildId\":\"123456789012345678901\"}"),
                400, "INVALID_PARAMETER", "guildId");
        assertThat(server.dock().sessionCount()).isEqualTo(1);
    }

    @Test
    void bodyThatIsNotAJsonObjectIs400InvalidBody() {
        for (String body : new String[] {"", "[]", "\"text\"", "42", "null", "{\"pid\":", "{} {}", "pid=x"}) {
            assertError(http.create(Http.FREE, body), 400, "INVALID_BODY", "JSON object");
        }
    }

    @Test
    void pendingSessionForTheSamePidAndClientIdIsReusedWithoutTakingAToken() {
        String body = "{\"pid\":\"PID-FREE0001\",\"clientId\":\"same\"}";
        Answer first = http.create(Http.FREE, body);
        Answer again = http.create(Http.FREE, body);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.data().get("id")).isEqualTo(first.data().get("id"));
        assertThat(again.data()).containsEntry("reusedExisting", true);
        assertThat(again.header("X-RateLimit-Remaining")).isEqualTo("5");
        assertThat(server.dock().sessionCount()).isEqualTo(1);

        server.dock().complete((String) first.data().get("id"));
        Answer afterCompletion = http.create(Http.FREE, body);
        assertThat(afterCompletion.data().get("id")).isNotEqualTo(first.data().get("id"));
        assertThat(afterCompletion.data()).containsEntry("reusedExisting", false);
    }

    static void assertError(Answer answer, int status, String code, String messagePart) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.error()).as(answer.body()).isEqualTo(code);
        assertThat((String) answer.json().get("message")).contains(messagePart);
        assertThat(answer.json()).containsEntry("status", (double) status).containsKey("timestamp");
        assertThat(answer.meta()).containsEntry("version", "2.0.0");
        assertThat(answer.header("X-Request-Id")).isEqualTo(answer.meta().get("requestId"));
    }
}
