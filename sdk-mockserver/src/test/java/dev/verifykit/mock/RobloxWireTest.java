package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static dev.verifykit.mock.Rpc.errorData;
import static dev.verifykit.mock.Rpc.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.verifykit.mock.Http.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobloxWireTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private MockServer server = MockServer.start(MockSettings.builder().clock(clock).build());
    private Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    private void restart(RobloxSettings roblox) {
        server.close();
        server = MockServer.start(MockSettings.builder().clock(clock).roblox(roblox).build());
        rpc = new Rpc(server);
    }

    @Test
    void allFourProceduresAnswerTheirDocumentedShapes() {
        Answer begin = rpc.call("auth.beginVerification", "{}");
        assertThat(begin.status()).isEqualTo(200);
        assertThat(begin.header("Content-Type")).as("as the real server's, without a charset").isEqualTo("application/json");
        assertThat(begin.json()).containsOnlyKeys("result");
        Map<String, Object> session = ok(begin);
        assertThat(session).containsOnlyKeys("sessionId", "code", "expiresAt", "placeId");
        String sessionId = (String) session.get("sessionId");
        String code = (String) session.get("code");
        assertThat(sessionId).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(code).matches("[1-9][0-9]{5}");
        assertThat(session.get("expiresAt")).isEqualTo((double) clock.instant().plus(Duration.ofMinutes(10)).toEpochMilli());
        assertThat(session.get("placeId")).as("a string of digits, as the real server sends it").isEqualTo("9876543210");

        assertThat(ok(rpc.check(sessionId))).containsExactly(Map.entry("status", "pending"),
                Map.entry("expiresAt", session.get("expiresAt")), Map.entry("code", code));

        Answer complete = rpc.complete(code, Rpc.BUILDER);
        assertThat(complete.body()).isEqualTo("{\"result\":{\"data\":{\"ok\":true}}}");

        Map<String, Object> verified = ok(rpc.check(sessionId));
        assertThat(verified).containsOnlyKeys("status", "jwt", "user").containsEntry("status", "verified");
        Map<String, Object> user = Map.of("robloxUserId", "156319135", "username", "builder", "displayName", "Builder",
                "picture", server.roblox().user("156319135").orElseThrow().picture());
        assertThat(verified.get("user")).isEqualTo(user);
        assertThat((String) verified.get("jwt")).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

        clock.advance(Duration.ofSeconds(5));
        Map<String, Object> refreshed = ok(rpc.refresh((String) verified.get("jwt")));
        assertThat(refreshed).containsOnlyKeys("jwt", "user").containsEntry("user", user);
        assertThat(refreshed.get("jwt")).isNotEqualTo(verified.get("jwt"));

        clock.advance(Duration.ofMinutes(10));
        assertThat(rpc.check(sessionId).body()).isEqualTo("{\"result\":{\"data\":{\"status\":\"expired\"}}}");
        assertThat(ok(rpc.check("5a2f2a4e-3c1b-4d7e-9f00-123456789abc"))).containsExactly(Map.entry("status", "expired"));
    }

    @Test
    void beginVerificationTakesNoInputSoAnyBodyWithTheContentTypeIsFine() {
        assertThat(rpc.call("auth.beginVerification", "").status()).isEqualTo(200);
        assertThat(rpc.call("auth.beginVerification", "{}").status()).isEqualTo(200);
        assertThat(rpc.call("auth.beginVerification", "not json").status()).isEqualTo(200);
        assertThat(server.roblox().sessionCount()).isEqualTo(3);
    }

    @Test
    void aPostWithoutJsonContentTypeIs415EvenWithoutInput() {
        for (String procedure : List.of("auth.beginVerification", "auth.checkVerification", "auth.nothing")) {
            Answer missing = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/" + procedure)
                    .post(RequestBody.create(new byte[0], null)).build());
            assertThat(missing.status()).as(procedure).isEqualTo(415);
            assertThat(missing.header("Content-Type")).as("tRPC answers it as text, with a JSON body")
                    .isEqualTo("text/plain;charset=UTF-8");
            assertThat(error(missing)).containsEntry("message", "Missing content-type header")
                    .containsEntry("code", -32015.0);
            assertThat(errorData(missing)).containsOnlyKeys("code", "httpStatus", "stack")
                    .containsEntry("code", "UNSUPPORTED_MEDIA_TYPE").containsEntry("httpStatus", 415.0);
        }
        Answer text = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/auth.beginVerification")
                .post(RequestBody.create("{}", MediaType.get("text/plain"))).build());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(error(text).get("message")).isEqualTo("Unsupported content-type \"text/plain; charset=utf-8");
        assertThat(server.roblox().sessionCount()).isZero();
    }

    @Test
    void aGetOnAMutationIs405AndAnUnknownProcedure404() {
        restart(RobloxSettings.builder().productionMode(true).build());
        Answer get = new Http(server).get(null, "/roblox/auth.checkVerification?input=%7B%7D");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Content-Type")).startsWith("application/json");
        assertThat(get.json()).isEqualTo(Map.of("error", Map.of(
                "message", "Unsupported GET-request to mutation procedure at path \"auth.checkVerification\"",
                "code", -32005.0,
                "data", Map.of("code", "METHOD_NOT_SUPPORTED", "httpStatus", 405.0, "path", "auth.checkVerification"))));

        Answer unknown = rpc.call("auth.nothing", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).isEqualTo(Map.of("error", Map.of(
                "message", "No procedure found on path \"auth.nothing\"", "code", -32004.0,
                "data", Map.of("code", "NOT_FOUND", "httpStatus", 404.0, "path", "auth.nothing"))));
        assertThat(new Http(server).get(null, "/roblox/auth.nothing").status()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNotJsonIsABadRequestAsTrpc11SaysIt() {
        for (String body : new String[] {"{\"sessionId\":", "  "}) { // an empty body is no input: RealTrpcWireTest
            Answer answer = rpc.call("auth.checkVerification", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(error(answer)).as(body).containsEntry("code", -32600.0)
                    .containsEntry("message", "Unexpected end of JSON input");
            assertThat(errorData(answer)).containsEntry("code", "BAD_REQUEST").containsEntry("httpStatus", 400.0)
                    .containsEntry("path", "auth.checkVerification");
        }
        Answer garbage = rpc.call("auth.refresh", "{jwt: 1}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(error(garbage)).containsEntry("code", -32600.0);
        assertThat((String) error(garbage).get("message")).endsWith("is not valid JSON");
        assertThat(errorData(garbage)).containsEntry("code", "BAD_REQUEST").containsEntry("path", "auth.refresh");
    }

    @Test
    void errorsCarryAStackUnlessProductionModeIsSet() {
        Answer unknown = rpc.call("auth.nothing", "{}");
        assertThat(errorData(unknown)).containsOnlyKeys("code", "httpStatus", "stack", "path");
        assertThat((String) errorData(unknown).get("stack")).startsWith("TRPCError: No procedure found")
                .contains("\n    at ");
        Answer secret = rpc.call("auth.completeVerification", "{}");
        assertThat((String) errorData(secret).get("stack")).startsWith("TRPCError: Invalid verification secret\n");
        Answer noType = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/auth.beginVerification")
                .post(RequestBody.create(new byte[0], null)).build());
        assertThat(errorData(noType)).containsOnlyKeys("code", "httpStatus", "stack");

        restart(RobloxSettings.builder().productionMode(true).build());
        assertThat(errorData(rpc.call("auth.nothing", "{}"))).containsOnlyKeys("code", "httpStatus", "path");
        assertThat(errorData(rpc.call("auth.completeVerification", "{}"))).doesNotContainKey("stack");
    }

    @Test
    void anInjected400IsABadRequestAsTheRealServerWouldSendIt() {
        server.faults().add("POST", "/roblox/auth.checkVerification", MockFault.respond(400), 1);

        Answer answer = rpc.check("5a2f2a4e-3c1b-4d7e-9f00-123456789abc");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(error(answer)).containsEntry("code", -32600.0);
        assertThat(errorData(answer)).containsEntry("code", "BAD_REQUEST").containsEntry("path", "auth.checkVerification");
    }

    @Test
    void aBodyWithALongRunOfSpacesIsRefusedAtOnce() {
        // JavaScript's trim was a regular expression whose end anchor made a run of n spaces inside the
        // text cost n squared steps: this body kept a core busy for minutes; the bound is far from both
        String body = "x" + " ".repeat(60_000) + "y";

        Answer answer = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> rpc.call("auth.checkVerification", body));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(error(answer).get("message")).asString().contains("is not valid JSON");
        // (what trim strips is RobloxValidationTest's)
    }

    @Test
    void anInjectedStatusCarriesTheTrpcCodeOfThatStatusAndTheStatusItself() {
        // tRPC 11's codes by HTTP status; the mock had none for 408, 422, 502, 503 and 504 and said 500
        // (not 408 here: the test's plain OkHttp client would send the call again on it)
        Object[][] expected = {{409, "CONFLICT", -32009.0},
            {422, "UNPROCESSABLE_CONTENT", -32022.0}, {502, "BAD_GATEWAY", -32603.0},
            {503, "SERVICE_UNAVAILABLE", -32603.0}, {504, "GATEWAY_TIMEOUT", -32603.0}};
        for (Object[] row : expected) {
            server.faults().add("POST", "/roblox/auth.checkVerification", MockFault.respond((Integer) row[0]), 1);

            Answer answer = rpc.check("5a2f2a4e-3c1b-4d7e-9f00-123456789abc");

            assertThat(answer.status()).isEqualTo(row[0]);
            assertThat(error(answer)).containsEntry("code", row[2]);
            assertThat(errorData(answer)).containsEntry("code", row[1]).containsEntry("httpStatus", ((Integer) row[0]).doubleValue());
        }
    }

    @Test
    void superjsonWrapsInputsOutputsAndErrors() {
        restart(RobloxSettings.builder().superjson(true).build());

        Answer begin = rpc.call("auth.beginVerification", "{\"json\":null,\"meta\":{\"values\":[\"undefined\"]}}");
        @SuppressWarnings("unchecked")
        Map<String, Object> session = (Map<String, Object>) Rpc.<Map<String, Object>>data(begin).get("json");
        assertThat(session).containsOnlyKeys("sessionId", "code", "expiresAt", "placeId");
        String sessionId = (String) session.get("sessionId");

        Answer check = rpc.call("auth.checkVerification", "{\"json\":{\"sessionId\":\"" + sessionId + "\"}}");
        assertThat(Rpc.<Map<String, Object>>data(check)).containsOnlyKeys("json");
        assertThat(check.body()).startsWith("{\"result\":{\"data\":{\"json\":{\"status\":\"pending\"");

        Answer complete = rpc.call("auth.completeVerification",
                "{\"json\":{\"code\":\"" + session.get("code") + "\",\"robloxUserId\":\"156319135\"}}",
                Map.of("x-verification-secret", Rpc.SECRET));
        assertThat(complete.body()).isEqualTo("{\"result\":{\"data\":{\"json\":{\"ok\":true}}}}");

        Answer unwrapped = rpc.check(sessionId);
        assertThat(unwrapped.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        Map<String, Object> shape = (Map<String, Object>) error(unwrapped).get("json");
        assertThat(shape).containsEntry("code", -32600.0);
        assertThat((String) shape.get("message")).contains("\"expected\": \"object\"", "received undefined");
        Answer bare = rpc.call("auth.checkVerification", "\"" + sessionId + "\"");
        assertThat(bare.status()).as("a body that is not an object has no json either: " + bare.body()).isEqualTo(400);
        assertThat((String) ((Map<?, ?>) error(bare).get("json")).get("message")).contains("received undefined");
        assertThat(error(rpc.call("auth.nothing", "{}"))).containsOnlyKeys("json");
    }

    @Test
    void legacyDeploymentsAnswerTheBareTrue() {
        restart(RobloxSettings.builder().legacyCompleteOutput(true).build());
        Map<String, Object> session = rpc.begun();

        Answer complete = rpc.complete((String) session.get("code"), Rpc.BUILDER);

        assertThat(complete.status()).isEqualTo(200);
        assertThat(complete.body()).isEqualTo("{\"result\":{\"data\":true}}");
    }

    @Test
    void requestsAreRecorded() {
        rpc.begin();
        rpc.call("auth.nothing", "{}");

        assertThat(server.journal().entries()).extracting(MockJournalEntry::method, MockJournalEntry::path, MockJournalEntry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/roblox/auth.beginVerification", 200),
                        org.assertj.core.groups.Tuple.tuple("POST", "/roblox/auth.nothing", 404));
    }
}
