package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.elements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** tRPC 11 batches ({@code ?batch=1}): one element per procedure, each with its own result or error. */
class RobloxBatchTest {

    private static final String UNKNOWN = "5a2f2a4e-3c1b-4d7e-9f00-123456789abc";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private final Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private MockServer start(RobloxSettings roblox) {
        return MockServer.start(MockSettings.builder().clock(clock).roblox(roblox).build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> element) {
        return (Map<String, Object>) ((Map<String, Object>) element.get("result")).get("data");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> element) {
        return (Map<String, Object>) element.get("error");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> errorData(Map<String, Object> element) {
        return (Map<String, Object>) error(element).get("data");
    }

    @Test
    void aBatchOfOneAnswersAnArrayOfOne() {
        String sessionId = (String) rpc.begun().get("sessionId");

        Answer answer = rpc.batch("auth.checkVerification", "{\"0\":{\"sessionId\":\"" + sessionId + "\"}}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(elements(answer)).singleElement().satisfies(e -> {
            assertThat(e).containsOnlyKeys("result");
            assertThat(data(e)).containsEntry("status", "pending");
        });
    }

    @Test
    void proceduresJoinedWithCommasAnswerInOrderAndAnAbsentIndexIsNoInput() {
        String sessionId = (String) rpc.begun().get("sessionId");

        Answer answer = rpc.batch("auth.checkVerification,auth.beginVerification",
                "{\"0\":{\"sessionId\":\"" + sessionId + "\"}}");

        assertThat(answer.status()).isEqualTo(200);
        List<Map<String, Object>> elements = elements(answer);
        assertThat(elements).hasSize(2);
        assertThat(data(elements.get(0))).containsEntry("status", "pending");
        assertThat(data(elements.get(1))).containsOnlyKeys("sessionId", "code", "expiresAt", "placeId");
        assertThat(server.roblox().sessionCount()).isEqualTo(2);
    }

    /** An index missing from the body is undefined to the procedure's validator, as tRPC 11 leaves it. */
    @Test
    void anAbsentIndexIsUndefinedToTheValidator() {
        Answer answer = rpc.batch("auth.checkVerification,auth.checkVerification",
                "{\"1\":{\"sessionId\":\"" + UNKNOWN + "\"}}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(207);
        List<Map<String, Object>> elements = elements(answer);
        assertThat((String) error(elements.get(0)).get("message")).contains("expected object, received undefined");
        assertThat(data(elements.get(1))).containsEntry("status", "expired");
    }

    /** Without {@code ?batch=1} the path names one procedure, commas and all, as tRPC 11 reads it. */
    @Test
    void withoutBatchACommaIsPartOfTheProcedureName() {
        Answer answer = rpc.call("auth.beginVerification,auth.beginVerification", "");

        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(Rpc.error(answer)).containsEntry("message",
                "No procedure found on path \"auth.beginVerification,auth.beginVerification\"");
        assertThat(server.roblox().sessionCount()).as("no session begun").isZero();
    }

    @Test
    void successAndFailureTogetherAre207WithEachElementsOwnAnswer() {
        Answer answer = rpc.batch("auth.checkVerification,auth.beginVerification",
                "{\"0\":{\"sessionId\":\"not-a-uuid\"}}");

        assertThat(answer.status()).isEqualTo(207);
        List<Map<String, Object>> elements = elements(answer);
        assertThat(elements.get(0)).containsOnlyKeys("error");
        assertThat(error(elements.get(0))).containsEntry("code", -32600.0);
        assertThat((String) error(elements.get(0)).get("message")).contains("Invalid UUID");
        assertThat(errorData(elements.get(0))).containsEntry("code", "BAD_REQUEST").containsEntry("httpStatus", 400.0)
                .containsEntry("path", "auth.checkVerification").containsKey("stack");
        assertThat(elements.get(1)).containsOnlyKeys("result");
    }

    @Test
    void errorsThatShareAStatusGiveItAndErrorsThatDoNotGive207() {
        Answer same = rpc.batch("auth.checkVerification,auth.checkVerification", "{\"0\":{},\"1\":{\"sessionId\":1}}");
        assertThat(same.status()).isEqualTo(400);
        assertThat(elements(same)).allSatisfy(e -> assertThat(errorData(e)).containsEntry("httpStatus", 400.0));

        Answer differing = rpc.batch("auth.checkVerification,auth.nothing", "{\"0\":{}}");
        assertThat(differing.status()).isEqualTo(207);
        assertThat(errorData(elements(differing).get(1))).containsEntry("code", "NOT_FOUND").containsEntry("path", "auth.nothing");
        assertThat((String) error(elements(differing).get(1)).get("message"))
                .isEqualTo("No procedure found on path \"auth.nothing\"");
    }

    @Test
    void anEmptyProcedureNameIsAnElementOfItsOwn() {
        Answer answer = rpc.batch("auth.beginVerification,", "{}");

        assertThat(answer.status()).isEqualTo(207);
        assertThat(elements(answer)).hasSize(2);
        assertThat(error(elements(answer).get(1))).containsEntry("message", "No procedure found on path \"\"");
        assertThat(errorData(elements(answer).get(1))).containsEntry("path", "");
    }

    @Test
    void eachElementCountsAgainstItsOwnRateLimit() {
        try (MockServer small = start(RobloxSettings.builder().checkLimit(2).build())) {
            Rpc shrunk = new Rpc(small);
            String input = "{\"sessionId\":\"" + UNKNOWN + "\"}";

            Answer answer = shrunk.batch("auth.checkVerification,auth.checkVerification,auth.checkVerification",
                    "{\"0\":" + input + ",\"1\":" + input + ",\"2\":" + input + "}");

            assertThat(answer.status()).isEqualTo(207);
            List<Map<String, Object>> elements = elements(answer);
            assertThat(data(elements.get(0))).containsEntry("status", "expired");
            assertThat(data(elements.get(1))).containsEntry("status", "expired");
            assertThat(error(elements.get(2))).containsEntry("message", "Rate limit hit. Try again in 60s.");
            assertThat(errorData(elements.get(2))).containsEntry("httpStatus", 429.0);
            assertThat(shrunk.check(UNKNOWN).status()).isEqualTo(429);
        }
    }

    @Test
    void aBodyThatIsNotAnObjectFailsTheElementsThatReadInput() {
        Answer answer = rpc.batch("auth.checkVerification,auth.beginVerification", "[{\"sessionId\":\"" + UNKNOWN + "\"}]");

        assertThat(answer.status()).isEqualTo(207);
        List<Map<String, Object>> elements = elements(answer);
        assertThat(error(elements.get(0))).containsEntry("message", "\"input\" needs to be an object when doing a batch call")
                .containsEntry("code", -32600.0);
        assertThat(elements.get(1)).containsOnlyKeys("result");

        Answer truncated = rpc.batch("auth.checkVerification,auth.refresh", "{\"0\":");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(elements(truncated)).allSatisfy(e ->
                assertThat(error(e)).containsEntry("message", "Unexpected end of JSON input").containsEntry("code", -32600.0));
    }

    @Test
    void aGameServersCompletionBatchesLikeAnyMutation() {
        String code = (String) rpc.begun().get("code");

        Answer answer = rpc.call("auth.completeVerification,auth.completeVerification?batch=1",
                "{\"0\":{\"code\":\"" + code + "\",\"robloxUserId\":\"156319135\"},\"1\":{\"code\":\"" + code
                        + "\",\"robloxUserId\":\"156319135\"}}", Map.of("x-verification-secret", Rpc.SECRET));

        assertThat(answer.status()).isEqualTo(207);
        assertThat(data(elements(answer).get(0))).isEqualTo(Map.of("ok", true));
        assertThat(error(elements(answer).get(1))).containsEntry("message", "Invalid or expired verification code");
    }

    @Test
    void superjsonWrapsEachElement() {
        try (MockServer wrapped = start(RobloxSettings.builder().superjson(true).build())) {
            Rpc superjson = new Rpc(wrapped);
            String sessionId = (String) ((Map<?, ?>) Rpc.<Map<String, Object>>data(superjson.begin()).get("json"))
                    .get("sessionId");

            Answer answer = superjson.batch("auth.checkVerification,auth.checkVerification",
                    "{\"0\":{\"json\":{\"sessionId\":\"" + sessionId + "\"}},\"1\":{\"sessionId\":\"" + sessionId + "\"}}");

            assertThat(answer.status()).isEqualTo(207);
            assertThat(answer.body()).startsWith("[{\"result\":{\"data\":{\"json\":{\"status\":\"pending\"");
            assertThat(elements(answer).get(1)).containsOnlyKeys("error");
            assertThat(error(elements(answer).get(1))).containsOnlyKeys("json");
        }
    }

    @Test
    void aMissingContentTypeRefusesTheWholeBatchOnce() {
        Answer answer = Http.send(new Request.Builder()
                .url(server.robloxBaseUrl() + "/auth.checkVerification,auth.beginVerification?batch=1")
                .post(RequestBody.create(new byte[0], null)).build());

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(answer.json()).containsOnlyKeys("error");
        assertThat(server.roblox().sessionCount()).isZero();
    }
}
