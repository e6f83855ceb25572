package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.verifykit.mock.Http.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mock, with its default settings, answers as the real Roblox code-verification server does.
 * Each case is a request and the exact answer the real server gives it (status, content type, JSON
 * shape, message, JSON-RPC code), taken from {@code shared/reference/README.md} ("what the real server
 * does", "the BloxChat API") and the captures {@code 001}, {@code 003}, {@code 004}; none is taken
 * from the mock's own code.
 */
class RealServerConformanceTest {

    private static final String JSON = "application/json";
    private static final String SECRET = "rbx_test_secret";
    private static final String JWT_KEY = "verifykit-mock-jwt-secret";
    private static final String BUILDER = "156319135";
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());

    @AfterEach
    void stop() {
        server.close();
    }

    // --- requests as a tRPC 11 client (httpLink, httpBatchLink) or a game server sends them ---

    private Answer post(String pathAndQuery, String body) {
        return post(pathAndQuery, body, Map.of());
    }

    private Answer post(String pathAndQuery, String body, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(server.robloxBaseUrl() + "/" + pathAndQuery)
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get(JSON)));
        headers.forEach(request::header);
        return Http.send(request.build());
    }

    private Answer complete(String codeJson, String robloxUserIdJson) {
        return post("auth.completeVerification", "{\"code\":" + codeJson + ",\"robloxUserId\":" + robloxUserIdJson + "}",
                Map.of("x-verification-secret", SECRET));
    }

    private Map<String, Object> begin() {
        return result(post("auth.beginVerification", ""));
    }

    private Answer check(String sessionId) {
        return post("auth.checkVerification", "{\"sessionId\":\"" + sessionId + "\"}");
    }

    private static String signed(String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(JWT_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the answer shapes of tRPC 11 ---

    private static Object parse(String json) {
        try {
            return new Moshi.Builder().build().adapter(Object.class).fromJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {"result":{"data": …}}} with HTTP 200 and {@code application/json}; returns {@code data}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith(JSON);
        Map<String, Object> body = answer.json();
        assertThat(body).containsOnlyKeys("result");
        Map<String, Object> result = (Map<String, Object>) body.get("result");
        assertThat(result).containsOnlyKeys("data");
        return (Map<String, Object>) result.get("data");
    }

    /**
     * {@code {"error":{"message","code","data":{"code","httpStatus","stack","path"}}}}, HTTP status =
     * {@code httpStatus}, {@code application/json}; a development server adds {@code data.stack}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Answer answer, int status, int number, String code, String path) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(JSON);
        return errorShape((Map<String, Object>) answer.json(), status, number, code, path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorShape(Map<String, Object> body, int status, int number, String code,
            String path) {
        assertThat(body).containsOnlyKeys("error");
        Map<String, Object> error = (Map<String, Object>) body.get("error");
        assertThat(error).containsOnlyKeys("message", "code", "data").containsEntry("code", (double) number);
        Map<String, Object> data = (Map<String, Object>) error.get("data");
        if (path == null) {
            assertThat(data).containsOnlyKeys("code", "httpStatus", "stack");
        } else {
            assertThat(data).containsOnlyKeys("code", "httpStatus", "stack", "path").containsEntry("path", path);
        }
        assertThat(data).containsEntry("code", code).containsEntry("httpStatus", (double) status);
        assertThat((String) data.get("stack")).isNotBlank();
        return error;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** The message of a validation failure: zod's issue list as JSON text. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> issues(Map<String, Object> error) {
        return (List<Map<String, Object>>) parse((String) error.get("message"));
    }

    // --- auth.beginVerification ---

    @Test
    void beginVerificationAnswersSessionIdCodeExpiresAtAndPlaceIdAsAStringOfDigits() {
        Map<String, Object> start = result(post("auth.beginVerification", ""));

        assertThat(start).containsOnlyKeys("sessionId", "code", "expiresAt", "placeId");
        assertThat((String) start.get("sessionId")).matches(UUID_V4);
        assertThat((String) start.get("code")).matches("[0-9]{6}|[0-9A-F]{8}");
        assertThat(start.get("expiresAt")).isEqualTo((double) clock.instant().plus(Duration.ofMinutes(10)).toEpochMilli());
        assertThat(start.get("placeId")).isInstanceOf(String.class);
        assertThat((String) start.get("placeId")).matches("[0-9]+");
    }

    // --- auth.checkVerification ---

    @Test
    void checkVerificationAnswersPendingWithExpiresAtAndCode() {
        Map<String, Object> start = begin();

        Map<String, Object> status = result(check((String) start.get("sessionId")));

        assertThat(status).isEqualTo(Map.of("status", "pending", "expiresAt", start.get("expiresAt"), "code", start.get("code")));
    }

    @Test
    void checkVerificationOfAnUnknownOrExpiredSessionAnswersExpired() {
        Map<String, Object> start = begin();
        clock.advance(Duration.ofMinutes(10));

        assertThat(result(check((String) start.get("sessionId")))).isEqualTo(Map.<String, Object>of("status", "expired"));
        assertThat(result(check("5a2f2a4e-3c1b-4d7e-9f00-123456789abc"))).isEqualTo(Map.<String, Object>of("status", "expired"));
    }

    @Test
    void aVerifiedSessionAnswersTheSameJwtAndUserUntilItExpires() {
        Map<String, Object> start = begin();
        result(complete("\"" + start.get("code") + "\"", "\"" + BUILDER + "\""));

        Map<String, Object> first = result(check((String) start.get("sessionId")));
        clock.advance(Duration.ofMinutes(5));
        Map<String, Object> again = result(check((String) start.get("sessionId")));

        assertThat(first).containsOnlyKeys("status", "jwt", "user").containsEntry("status", "verified");
        assertThat(map(first.get("user"))).containsOnlyKeys("robloxUserId", "username", "displayName", "picture")
                .containsEntry("robloxUserId", BUILDER);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aSessionIdThatIsNotAUuidIsBadRequestWithZodsIssueList() {
        Map<String, Object> error = error(check("not-a-uuid"), 400, -32600, "BAD_REQUEST", "auth.checkVerification");

        assertThat(issues(error)).singleElement().satisfies(issue -> assertThat(issue)
                .containsEntry("code", "invalid_format").containsEntry("path", List.of("sessionId"))
                .containsEntry("message", "Invalid UUID"));
    }

    @Test
    void theMaxUuidIsASessionIdInLowerCaseOnly() {
        Map<String, Object> upper = error(check("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"), 400, -32600, "BAD_REQUEST",
                "auth.checkVerification");
        assertThat(issues(upper)).singleElement().extracting(i -> i.get("message")).isEqualTo("Invalid UUID");

        assertThat(result(check("ffffffff-ffff-ffff-ffff-ffffffffffff"))).isEqualTo(Map.<String, Object>of("status", "expired"));
        assertThat(result(check("00000000-0000-0000-0000-000000000000"))).isEqualTo(Map.<String, Object>of("status", "expired"));
        assertThat(result(check("5A2F2A4E-3C1B-4D7E-9F00-123456789ABC"))).isEqualTo(Map.<String, Object>of("status", "expired"));
    }

    @Test
    void theSixtyFirstCheckOfASessionInAMinuteIsTooManyRequestsWithTheHintOnlyInTheMessage() {
        String sessionId = (String) begin().get("sessionId");
        for (int i = 0; i < 60; i++) {
            result(check(sessionId));
        }

        Answer refused = check(sessionId);

        Map<String, Object> error = error(refused, 429, -32029, "TOO_MANY_REQUESTS", "auth.checkVerification");
        assertThat(error).containsEntry("message", "Rate limit hit. Try again in 60s.");
        assertThat(refused.header("Retry-After")).isNull();
        clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 60; i++) {
            assertThat(error(check(sessionId), 429, -32029, "TOO_MANY_REQUESTS", "auth.checkVerification"))
                    .containsEntry("message", "Rate limit hit. Try again in 30s.");
        }
        clock.advance(Duration.ofSeconds(30));
        // Counted, the 60 refusals of 30 s ago would fill the window now that the 60 checks left it.
        assertThat(result(check(sessionId))).as("the refused calls were not counted").containsEntry("status", "pending");
    }

    // --- auth.completeVerification ---

    @Test
    void completeVerificationAnswersOkTrue() {
        Map<String, Object> start = begin();

        Answer answer = complete("\"" + start.get("code") + "\"", "\"" + BUILDER + "\"");

        assertThat(result(answer)).isEqualTo(Map.of("ok", true));
    }

    @Test
    void aWrongSecretIsUnauthorizedAndLeavesTheCodeUsable() {
        Map<String, Object> start = begin();

        Answer wrong = post("auth.completeVerification", "{\"code\":\"" + start.get("code") + "\",\"robloxUserId\":\"1\"}",
                Map.of("x-verification-secret", "not-the-secret"));

        assertThat(error(wrong, 401, -32001, "UNAUTHORIZED", "auth.completeVerification"))
                .containsEntry("message", "Invalid verification secret");
        assertThat(result(complete("\"" + start.get("code") + "\"", "\"1\""))).isEqualTo(Map.of("ok", true));
    }

    @Test
    void aCodePaddedWithJavaScriptWhiteSpaceIsTrimmedAndAccepted() {
        Map<String, Object> start = begin();

        Answer answer = complete("\"\\u00a0" + start.get("code") + "\\ufeff\"", "\"" + BUILDER + "\"");

        assertThat(result(answer)).isEqualTo(Map.of("ok", true));
    }

    @Test
    void aNonNumericRobloxUserIdIsInvalidUserId() {
        Map<String, Object> error = error(complete("\"123456\"", "\"12a\""), 400, -32600, "BAD_REQUEST",
                "auth.completeVerification");

        assertThat(issues(error)).singleElement().satisfies(issue -> assertThat(issue)
                .containsEntry("path", List.of("robloxUserId")).containsEntry("message", "Invalid user id"));
    }

    @Test
    void anUnknownCodeAndAnExpiredCodeAreBothInvalidOrExpired() {
        Map<String, Object> start = begin();
        assertThat(error(complete("\"999999\"", "\"" + BUILDER + "\""), 400, -32600, "BAD_REQUEST",
                "auth.completeVerification")).containsEntry("message", "Invalid or expired verification code");

        clock.advance(Duration.ofMinutes(10));

        assertThat(error(complete("\"" + start.get("code") + "\"", "\"" + BUILDER + "\""), 400, -32600, "BAD_REQUEST",
                "auth.completeVerification")).containsEntry("message", "Invalid or expired verification code");
    }

    @Test
    void anyNumericUserIdIsAUserWithAProfile() {
        Map<String, Object> start = begin();
        result(complete("\"" + start.get("code") + "\"", "\"4815162342\""));

        Map<String, Object> verified = result(check((String) start.get("sessionId")));

        assertThat(map(verified.get("user"))).containsEntry("robloxUserId", "4815162342")
                .containsEntry("username", "user4815162342");
    }

    @Test
    void aUserRobloxDoesNotKnowIsUnauthorizedAndOneWithoutHeadshotAnInternalError() {
        Map<String, Object> start = begin();
        server.roblox().registerMissingUser("404");
        server.roblox().registerUserWithoutHeadshot("500");

        assertThat(error(complete("\"" + start.get("code") + "\"", "\"404\""), 401, -32001, "UNAUTHORIZED",
                "auth.completeVerification")).containsEntry("message", "Failed to fetch Roblox user profile");
        assertThat(error(complete("\"" + start.get("code") + "\"", "\"500\""), 500, -32603, "INTERNAL_SERVER_ERROR",
                "auth.completeVerification")).containsEntry("message", "Roblox user headshot not available");
        assertThat(result(complete("\"" + start.get("code") + "\"", "\"" + BUILDER + "\"")))
                .as("a failed completion leaves the code usable").isEqualTo(Map.of("ok", true));
    }

    @Test
    void theTwentyFirstCompletionOfAUserInAMinuteIsTooManyRequests() {
        for (int i = 0; i < 20; i++) {
            error(complete("\"000000\"", "\"261\""), 400, -32600, "BAD_REQUEST", "auth.completeVerification");
        }

        assertThat(error(complete("\"000000\"", "\"261\""), 429, -32029, "TOO_MANY_REQUESTS", "auth.completeVerification"))
                .containsEntry("message", "Rate limit hit. Try again in 60s.");
    }

    // --- auth.refresh ---

    @Test
    void refreshTakesAnExpiredButValidlySignedTokenWithOnlyARobloxUserIdAndReadsTheUserAgain() {
        long longAgo = clock.instant().minus(Duration.ofDays(3)).getEpochSecond();
        String token = signed("{\"robloxUserId\":\"" + BUILDER + "\",\"iat\":" + longAgo + ",\"exp\":" + (longAgo + 3600) + "}");
        server.roblox().registerUser(new MockRobloxUser(BUILDER, "builder", "Builder Renamed", "https://example.test/b.png"));

        Map<String, Object> refreshed = result(post("auth.refresh", "{\"jwt\":\"" + token + "\"}"));

        assertThat(refreshed).containsOnlyKeys("jwt", "user");
        assertThat(refreshed.get("user")).isEqualTo(Map.of("robloxUserId", BUILDER, "username", "builder",
                "displayName", "Builder Renamed", "picture", "https://example.test/b.png"));
        assertThat((String) refreshed.get("jwt")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void aBadTokenIsAnInvalidSession() {
        Map<String, Object> error = error(post("auth.refresh", "{\"jwt\":\"a.b.c\"}"), 401, -32001, "UNAUTHORIZED",
                "auth.refresh");

        assertThat(error).containsEntry("message", "Invalid session");
    }

    @Test
    void theFifthRefreshOfAUserInAnHourIsTooManyRequestsForAnHour() {
        String token = signed("{\"robloxUserId\":\"" + BUILDER + "\",\"iat\":1,\"exp\":2}");
        for (int i = 0; i < 4; i++) {
            result(post("auth.refresh", "{\"jwt\":\"" + token + "\"}"));
        }

        assertThat(error(post("auth.refresh", "{\"jwt\":\"" + token + "\"}"), 429, -32029, "TOO_MANY_REQUESTS",
                "auth.refresh")).containsEntry("message", "Rate limit hit. Try again in 3600s.");
    }

    // --- the transport ---

    @Test
    void anUnparsableBodyIsBadRequestNotParseError() {
        Map<String, Object> error = error(post("auth.checkVerification", "{\"sessionId\":"), 400, -32600, "BAD_REQUEST",
                "auth.checkVerification");

        assertThat(error).containsEntry("message", "Unexpected end of JSON input");
    }

    // tRPC 11 reads a body with the Fetch API's req.json(): UTF-8 decode (WHATWG Encoding: a leading
    // BOM is dropped), then JSON.parse (ECMA-262: a name given twice keeps its last value; a raw
    // character below U+0020 inside a string is a SyntaxError).

    @Test
    void aLeadingByteOrderMarkIsDropped() {
        Map<String, Object> start = begin();

        Answer answer = post("auth.checkVerification", "\uFEFF{\"sessionId\":\"" + start.get("sessionId") + "\"}");

        assertThat(result(answer)).containsEntry("status", "pending");
    }

    @Test
    void aNameGivenTwiceKeepsItsLastValue() {
        Map<String, Object> start = begin();

        Answer answer = post("auth.checkVerification",
                "{\"sessionId\":\"not a uuid\",\"sessionId\":\"" + start.get("sessionId") + "\"}");

        assertThat(result(answer)).containsEntry("status", "pending");
    }

    @Test
    void aRawControlCharacterInsideAStringIsBadRequest() {
        Map<String, Object> start = begin();

        // The code with a raw TAB after it would pass zod's trim; JSON.parse refuses it first.
        Answer answer = complete("\"" + start.get("code") + "\t\"", "\"" + BUILDER + "\"");

        assertThat((String) error(answer, 400, -32600, "BAD_REQUEST", "auth.completeVerification").get("message"))
                .isEqualTo("Bad control character in string literal in JSON at position "
                        + ("{\"code\":\"" + start.get("code")).length());
        assertThat(result(complete("\"" + start.get("code") + "\\t\"", "\"" + BUILDER + "\"")))
                .as("the same TAB escaped is read, and trimmed").isEqualTo(Map.of("ok", true));
    }

    /**
     * What {@code JSON.parse} refuses and Moshi read: escapes JSON has not ({@code \'}, a backslash
     * before a line break, {@code \x41}), a bad <code>&#92;u</code>, literals in another letter case. Each
     * is BAD_REQUEST in V8's words (taken from Node 20's {@code JSON.parse}); before, the check was
     * answered {@code pending}.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\"\\'\"`   | Bad escaped character in JSON at position ",
        "`\"\\\n\"` | Bad escaped character in JSON at position ",
        "`\"\\x41\"` | Bad escaped character in JSON at position ",
        "`\"\\u12G4\"` | Bad Unicode escape in JSON at position ",
        "TRUE        | Unexpected token 'T', ",
        "Null        | Unexpected token 'N', ",
        "truE        | Unexpected token 'E', "})
    void whatJsonParseRefusesIsBadRequest(String extra, String message) {
        String sessionId = (String) begin().get("sessionId");

        Answer answer = post("auth.checkVerification", "{\"sessionId\":\"" + sessionId + "\",\"x\":" + extra + "}");

        assertThat((String) error(answer, 400, -32600, "BAD_REQUEST", "auth.checkVerification").get("message"))
                .startsWith(message);
    }

    /** A number past a double's range is JSON (JSON.parse reads Infinity): the check is answered. */
    @Test
    void aNumberPastADoublesRangeIsRead() {
        String sessionId = (String) begin().get("sessionId");

        Answer answer = post("auth.checkVerification", "{\"sessionId\":\"" + sessionId + "\",\"x\":1e999}");

        assertThat(result(answer)).containsEntry("status", "pending");
    }

    @Test
    void aPostWithoutContentTypeIs415AsTextWithAJsonBody() {
        Answer answer = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/auth.beginVerification")
                .post(RequestBody.create(new byte[0], null)).build());

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(errorShape(answer.json(), 415, -32015, "UNSUPPORTED_MEDIA_TYPE", null))
                .containsEntry("message", "Missing content-type header");
    }

    @Test
    void aGetOnAMutationIsMethodNotSupportedAndAnUnknownProcedureNotFound() {
        Answer get = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/auth.beginVerification").get().build());
        assertThat(error(get, 405, -32005, "METHOD_NOT_SUPPORTED", "auth.beginVerification")).containsEntry("message",
                "Unsupported GET-request to mutation procedure at path \"auth.beginVerification\"");

        assertThat(error(post("auth.nothing", "{}"), 404, -32004, "NOT_FOUND", "auth.nothing"))
                .containsEntry("message", "No procedure found on path \"auth.nothing\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchOfOneIsAnArrayOfOneResult() {
        String sessionId = (String) begin().get("sessionId");

        Answer answer = post("auth.checkVerification?batch=1", "{\"0\":{\"sessionId\":\"" + sessionId + "\"}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith(JSON);
        List<Map<String, Object>> elements = (List<Map<String, Object>>) parse(answer.body());
        assertThat(elements).singleElement().isEqualTo(Map.of("result", Map.of("data",
                result(check(sessionId)))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchOfSeveralAnswersEachInOrderWith207WhenTheyDiffer() {
        Answer answer = post("auth.beginVerification,auth.checkVerification?batch=1", "{\"1\":{\"sessionId\":\"x\"}}");

        assertThat(answer.status()).isEqualTo(207);
        List<Map<String, Object>> elements = (List<Map<String, Object>>) parse(answer.body());
        assertThat(elements).hasSize(2);
        assertThat(elements.get(0)).containsOnlyKeys("result");
        assertThat(issues(errorShape(elements.get(1), 400, -32600, "BAD_REQUEST", "auth.checkVerification")))
                .singleElement().extracting(i -> i.get("message")).isEqualTo("Invalid UUID");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchWhoseElementsAllFailWithOneStatusHasThatStatus() {
        Answer answer = post("auth.refresh,auth.refresh?batch=1", "{\"0\":{\"jwt\":\"a.b.c\"},\"1\":{\"jwt\":\"d.e.f\"}}");

        assertThat(answer.status()).isEqualTo(401);
        List<Map<String, Object>> elements = (List<Map<String, Object>>) parse(answer.body());
        assertThat(elements).hasSize(2).allSatisfy(e -> assertThat(errorShape(e, 401, -32001, "UNAUTHORIZED", "auth.refresh"))
                .containsEntry("message", "Invalid session"));
    }
}
