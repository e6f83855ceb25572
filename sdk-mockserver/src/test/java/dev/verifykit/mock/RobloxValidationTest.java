package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static dev.verifykit.mock.Rpc.errorData;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.verifykit.mock.Http.Answer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobloxValidationTest {

    private static final String UUID_PATTERN = "/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}"
            + "-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/";

    private final MockServer server = MockServer.start();
    private final Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    /** The issue list in the message of a 400 BAD_REQUEST. */
    @SuppressWarnings("unchecked")
    private static List<Object> issues(Answer answer) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(error(answer)).containsEntry("code", -32600.0);
        assertThat(errorData(answer)).containsEntry("code", "BAD_REQUEST").containsEntry("httpStatus", 400.0);
        String message = (String) error(answer).get("message");
        assertThat(message).startsWith("[\n  {\n    \"");
        return (List<Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(message);
    }

    @Test
    void anInvalidUuidIsOneIssueAsZodPrintsIt() throws IOException {
        Answer answer = rpc.check("not-a-uuid");

        assertThat(issues(answer)).containsExactly(Map.of("origin", "string", "code", "invalid_format",
                "format", "uuid", "pattern", UUID_PATTERN, "path", List.of("sessionId"), "message", "Invalid UUID"));
        assertThat((String) error(answer).get("message")).contains("\"path\": [\n      \"sessionId\"\n    ],");
        assertThat(errorData(answer)).containsEntry("path", "auth.checkVerification");
    }

    @Test
    void theUuidCheckIsTheStrictRfcForm() throws IOException {
        List<String> refused = List.of(
                "5a2f2a4e-3c1b-0d7e-9f00-123456789abc",   // version 0
                "5a2f2a4e-3c1b-9d7e-9f00-123456789abc",   // version 9
                "5a2f2a4e-3c1b-4d7e-cf00-123456789abc",   // variant c
                "5a2f2a4e-3c1b-4d7e-7f00-123456789abc",   // variant 7
                "5a2f2a4e3c1b4d7e9f00123456789abc",       // no hyphens
                "{5a2f2a4e-3c1b-4d7e-9f00-123456789abc}",
                "5a2f2a4e-3c1b-4d7e-9f00-123456789abc ",
                "00000000-0000-0000-0000-000000000001",
                "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",   // zod's max UUID is lower case only
                "ffffffff-ffff-ffff-ffff-fffffffffffF");
        for (String id : refused) {
            assertThat(issues(rpc.check(id))).as(id).hasSize(1);
        }
        List<String> accepted = List.of(
                "5a2f2a4e-3c1b-1d7e-8f00-123456789abc",   // version 1, variant 8
                "5a2f2a4e-3c1b-8d7e-bf00-123456789abc",   // version 8, variant b
                "5A2F2A4E-3C1B-4D7E-AF00-123456789ABC",   // upper case
                "00000000-0000-0000-0000-000000000000",   // nil
                "ffffffff-ffff-ffff-ffff-ffffffffffff");  // max
        for (String id : accepted) {
            Answer answer = rpc.check(id);
            assertThat(answer.status()).as(id).isEqualTo(200);
            assertThat(answer.body()).as(id).contains("\"status\":\"expired\"");
        }
    }

    @Test
    void wrongTypesAndMissingFieldsAreInvalidTypeIssues() throws IOException {
        assertThat(issues(rpc.call("auth.checkVerification", "{}"))).containsExactly(Map.of("expected", "string",
                "code", "invalid_type", "path", List.of("sessionId"),
                "message", "Invalid input: expected string, received undefined"));
        assertThat(issues(rpc.call("auth.checkVerification", "{\"sessionId\":42}"))).singleElement()
                .extracting(i -> ((Map<?, ?>) i).get("message")).isEqualTo("Invalid input: expected string, received number");
        assertThat(issues(rpc.call("auth.checkVerification", "[]"))).containsExactly(Map.of("expected", "object",
                "code", "invalid_type", "path", List.of(), "message", "Invalid input: expected object, received array"));
        assertThat(issues(rpc.call("auth.checkVerification", "null"))).singleElement()
                .extracting(i -> ((Map<?, ?>) i).get("message")).isEqualTo("Invalid input: expected object, received null");
        assertThat(issues(rpc.call("auth.refresh", "{\"jwt\":true}"))).singleElement()
                .extracting(i -> ((Map<?, ?>) i).get("path")).isEqualTo(List.of("jwt"));
    }

    /** A completion's or a refresh's input that is not an object, or a code that is not a string, is an issue, not a crash. */
    @Test
    void completionAndRefreshInputsOfTheWrongTypeAreInvalidTypeIssues() throws IOException {
        Map<String, String> secret = Map.of("x-verification-secret", Rpc.SECRET);
        assertThat(issues(rpc.call("auth.completeVerification", "[]", secret))).containsExactly(Map.of("expected",
                "object", "code", "invalid_type", "path", List.of(), "message", "Invalid input: expected object, received array"));
        assertThat(issues(rpc.call("auth.completeVerification", "{\"code\":123456,\"robloxUserId\":\"261\"}", secret)))
                .containsExactly(Map.of("expected", "string", "code", "invalid_type", "path", List.of("code"),
                        "message", "Invalid input: expected string, received number"));
        assertThat(issues(rpc.call("auth.refresh", "\"a.b.c\""))).containsExactly(Map.of("expected", "object",
                "code", "invalid_type", "path", List.of(), "message", "Invalid input: expected object, received string"));
    }

    @Test
    void theCodeIsTrimmedThenSixToTwelveCharacters() throws IOException {
        Map<String, String> secret = Map.of("x-verification-secret", Rpc.SECRET);
        assertThat(issues(rpc.call("auth.completeVerification", "{\"code\":\"  12345 \",\"robloxUserId\":\"1\"}", secret)))
                .containsExactly(Map.of("origin", "string", "code", "too_small", "minimum", 6.0, "inclusive", true,
                        "path", List.of("code"), "message", "Too small: expected string to have >=6 characters"));
        assertThat(issues(rpc.call("auth.completeVerification", "{\"code\":\"1234567890123\",\"robloxUserId\":\"1\"}",
                secret))).containsExactly(Map.of("origin", "string", "code", "too_big", "maximum", 12.0, "inclusive", true,
                "path", List.of("code"), "message", "Too big: expected string to have <=12 characters"));

        Map<String, Object> session = rpc.begun();
        Answer padded = rpc.call("auth.completeVerification", "{\"code\":\"\\t " + session.get("code")
                + "\\n\",\"robloxUserId\":\"156319135\"}", secret);
        assertThat(padded.status()).as(padded.body()).isEqualTo(200);
    }

    @Test
    void theCodeIsTrimmedOfJavaScriptsWhiteSpaceNotJavas() throws IOException {
        Map<String, String> secret = Map.of("x-verification-secret", Rpc.SECRET);
        Map<String, Object> session = rpc.begun();

        Answer nbsp = rpc.call("auth.completeVerification", "{\"code\":\"\\u00a0\\ufeff" + session.get("code")
                + "\\u3000\\u2028\",\"robloxUserId\":\"156319135\"}", secret);
        assertThat(nbsp.status()).as(nbsp.body()).isEqualTo(200);
        assertThat(issues(rpc.call("auth.completeVerification", "{\"code\":\"\\u00a012345\\ufeff\",\"robloxUserId\":\"1\"}",
                secret))).singleElement().extracting(i -> ((Map<?, ?>) i).get("code")).isEqualTo("too_small");
        Answer separator = rpc.call("auth.completeVerification", "{\"code\":\"\\u001c12345\",\"robloxUserId\":\"1\"}",
                secret);
        assertThat(error(separator)).as("U+001C is kept, so the code is 6 characters and merely unknown")
                .containsEntry("message", "Invalid or expired verification code");
    }

    @Test
    void theRobloxUserIdIsDigitsOnlyAndEveryIssueIsListed() throws IOException {
        Map<String, String> secret = Map.of("x-verification-secret", Rpc.SECRET);
        for (String id : List.of("", "12a", "-1", "１２", "1 ")) {
            assertThat(issues(rpc.call("auth.completeVerification",
                    "{\"code\":\"123456\",\"robloxUserId\":\"" + id + "\"}", secret))).as(id)
                    .containsExactly(Map.of("origin", "string", "code", "invalid_format", "format", "regex",
                            "pattern", "/^\\d+$/", "path", List.of("robloxUserId"), "message", "Invalid user id"));
        }
        List<Object> both = issues(rpc.call("auth.completeVerification", "{\"code\":\"1\",\"robloxUserId\":156}", secret));
        assertThat(both).extracting(i -> (Object) ((Map<?, ?>) i).get("path")).containsExactly(List.of("code"), List.of("robloxUserId"));
    }
}
