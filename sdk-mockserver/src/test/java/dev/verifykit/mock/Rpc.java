package dev.verifykit.mock;

import com.squareup.moshi.Moshi;
import dev.verifykit.mock.Http.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Plain OkHttp calls of the mock's Roblox RPC ({@code POST /roblox/auth.x}). */
final class Rpc {

    static final String SECRET = "rbx_test_secret";
    static final String BUILDER = "156319135";

    private final MockServer server;

    Rpc(MockServer server) {
        this.server = server;
    }

    Answer call(String procedure, String json) {
        return call(procedure, json, Map.of());
    }

    Answer call(String procedure, String json, Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(server.robloxBaseUrl() + "/" + procedure)
                .post(RequestBody.create(json, Http.JSON));
        headers.forEach(request::header);
        return Http.send(request.build());
    }

    /** A tRPC batch: {@code procedures} joined with commas, {@code ?batch=1}, inputs keyed by index. */
    Answer batch(String procedures, String json) {
        return call(procedures + "?batch=1", json);
    }

    Answer begin() {
        return call("auth.beginVerification", "");
    }

    Map<String, Object> begun() {
        return ok(begin());
    }

    Answer check(String sessionId) {
        return call("auth.checkVerification", "{\"sessionId\":\"" + sessionId + "\"}");
    }

    Answer complete(String code, String robloxUserId) {
        return call("auth.completeVerification", "{\"code\":\"" + code + "\",\"robloxUserId\":\"" + robloxUserId + "\"}",
                Map.of("x-verification-secret", SECRET));
    }

    Answer refresh(String jwt) {
        return call("auth.refresh", "{\"jwt\":\"" + jwt + "\"}");
    }

    /** Begins a session and completes it for {@code robloxUserId}; returns the JWT from checkVerification. */
    String verifiedJwt(String robloxUserId) {
        Map<String, Object> session = begun();
        ok(complete((String) session.get("code"), robloxUserId));
        return (String) ok(check((String) session.get("sessionId"))).get("jwt");
    }

    /** {@code result.data} of a 200 answer. */
    @SuppressWarnings("unchecked")
    static <T> T data(Answer answer) {
        if (answer.status() != 200) {
            throw new AssertionError("expected 200, got " + answer.status() + " " + answer.body());
        }
        return (T) ((Map<String, Object>) answer.json().get("result")).get("data");
    }

    static Map<String, Object> ok(Answer answer) {
        return data(answer);
    }

    /** The {@code error} object of a failed answer. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> error(Answer answer) {
        return (Map<String, Object>) answer.json().get("error");
    }

    /** The elements of a batch answer. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> elements(Answer answer) {
        try {
            return (List<Map<String, Object>>) new Moshi.Builder().build().adapter(Object.class).fromJson(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> errorData(Answer answer) {
        return (Map<String, Object>) error(answer).get("data");
    }
}
