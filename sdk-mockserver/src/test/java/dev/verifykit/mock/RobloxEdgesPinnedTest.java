package dev.verifykit.mock;

import static dev.verifykit.mock.Rpc.error;
import static dev.verifykit.mock.Rpc.errorData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.Http.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edges of the Roblox RPC the real server's validator and tRPC 11 decide, pinned one by one. */
class RobloxEdgesPinnedTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
    private final MockServer server = MockServer.start(MockSettings.builder().clock(clock)
            .roblox(RobloxSettings.builder().checkLimit(1).completeLimit(1).build()).build());
    private final Rpc rpc = new Rpc(server);

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code z.string().trim().min(6).max(12)}: 12 characters pass the validator; 13 do not. */
    @Test
    void aTwelveCharacterCodeIsWithinTheLimit() {
        Answer twelve = rpc.complete("ABCDEF123456", Rpc.BUILDER);
        assertThat(twelve.status()).as(twelve.body()).isEqualTo(400);
        assertThat(error(twelve)).containsEntry("message", "Invalid or expired verification code");

        assertThatThrownBy(() -> server.roblox().complete("ABCDEF123456", Rpc.BUILDER))
                .as("the control surface takes the same 12").isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> server.roblox().complete("123456", Rpc.BUILDER))
                .as("and 6").isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> server.roblox().complete("ABCDEF1234567", Rpc.BUILDER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** zod names the JavaScript type it received. */
    @Test
    void theValidatorNamesTheTypeItReceived() {
        assertThat(message(rpc.call("auth.checkVerification", "{\"sessionId\":true}"))).contains("received boolean");
        assertThat(message(rpc.call("auth.checkVerification", "{\"sessionId\":{}}"))).contains("received object");
        assertThat(message(rpc.call("auth.checkVerification", "{\"sessionId\":[]}"))).contains("received array");
    }

    /** The body limit is 64 KiB: a body of exactly that size is read. */
    @Test
    void aBodyOfExactlyTheLimitIsRead() {
        String sessionId = (String) rpc.begun().get("sessionId");
        String head = "{\"sessionId\":\"" + sessionId + "\",\"pad\":\"";
        String tail = "\"}";
        String body = head + "x".repeat(64 * 1024 - head.length() - tail.length()) + tail;
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);

        Answer answer = rpc.call("auth.checkVerification", body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** One byte over the 64-KiB limit is 413 {@code PAYLOAD_TOO_LARGE}, not a parse of what was kept of it. */
    @Test
    void aBodyOverTheLimitIsPayloadTooLarge() {
        String head = "{\"sessionId\":\"5a2f2a4e-3c1b-4d7e-9f00-123456789abc\",\"pad\":\"";
        String tail = "\"}";
        String body = head + "x".repeat(64 * 1024 + 1 - head.length() - tail.length()) + tail;

        Answer answer = rpc.call("auth.checkVerification", body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(error(answer)).containsEntry("code", -32013.0);
        assertThat(errorData(answer)).containsEntry("code", "PAYLOAD_TOO_LARGE").containsEntry("httpStatus", 413.0);
    }

    /** tRPC's standalone adapter trims the path's slashes: nothing left is no procedure. */
    @Test
    void aPathOfSlashesOnlyIsNoProcedure() {
        Answer answer = Http.send(new Request.Builder().url(server.robloxBaseUrl() + "/")
                .post(RequestBody.create("{}", Http.JSON)).build());

        assertThat(answer.status()).as(answer.body()).isEqualTo(404);
        assertThat(errorData(answer)).containsEntry("code", "NOT_FOUND");
    }

    /** A batch with no body gives every procedure no input. */
    @Test
    void aBatchWithoutABodyGivesNoInput() {
        Answer answer = rpc.batch("auth.beginVerification", "");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<Map<String, Object>> elements = Rpc.elements(answer);
        assertThat(elements).hasSize(1);
        assertThat(elements.get(0)).containsKey("result");

        Answer check = rpc.batch("auth.checkVerification", "");
        assertThat(check.status()).as(check.body()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        Map<String, Object> refused = (Map<String, Object>) Rpc.elements(check).get(0).get("error");
        assertThat((String) refused.get("message")).contains("expected object, received undefined");
    }

    /** A reset forgets the check and completion windows as well. */
    @Test
    void aResetForgetsTheCheckAndCompletionWindows() {
        String unknown = "5a2f2a4e-3c1b-4d7e-9f00-123456789abc";
        assertThat(rpc.check(unknown).status()).isEqualTo(200);
        assertThat(rpc.check(unknown).status()).isEqualTo(429);
        assertThat(rpc.complete("123456", Rpc.BUILDER).status()).isEqualTo(400);
        assertThat(rpc.complete("123456", Rpc.BUILDER).status()).isEqualTo(429);

        server.reset();

        assertThat(rpc.check(unknown).status()).isEqualTo(200);
        assertThat(rpc.complete("123456", Rpc.BUILDER).status()).isEqualTo(400);
    }

    private static String message(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        return (String) error(answer).get("message");
    }
}
