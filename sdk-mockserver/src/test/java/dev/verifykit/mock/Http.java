package dev.verifykit.mock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import com.squareup.moshi.Moshi;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain OkHttp requests against a mock server, with the answers read into {@link Answer}s. */
final class Http {

    static final String FREE = "dock_test_free";
    static final String PREMIUM = "dock_test_premium";
    static final String FREE_PID = "PID-FREE0001";
    static final String PREMIUM_PID = "PID-PREM0001";
    static final MediaType JSON = MediaType.get("application/json");

    static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(40))
            .callTimeout(Duration.ofSeconds(45))
            .build();

    private final MockServer server;

    Http(MockServer server) {
        this.server = server;
    }

    /** What came back: status, headers, raw body and the body parsed as JSON when it is JSON. */
    record Answer(int status, okhttp3.Headers headers, byte[] bytes) {
        String body() {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) json().get("data");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> meta() {
            return (Map<String, Object>) json().get("meta");
        }

        String error() {
            return (String) json().get("error");
        }
    }

    Answer create(String apiKey, String json) {
        return create(apiKey, json, null);
    }

    Answer create(String apiKey, String json, String idempotencyKey) {
        Request.Builder request = new Request.Builder().url(server.dockBaseUrl() + "/v2/sessions")
                .post(RequestBody.create(json, JSON));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** Creates a free-plan session for {@code clientId} and returns its id. */
    String newSession(String clientId) {
        Answer answer = create(FREE, "{\"pid\":\"" + FREE_PID + "\",\"clientId\":\"" + clientId + "\"}");
        if (answer.status() != 200) {
            throw new AssertionError("create failed: " + answer.status() + " " + answer.body());
        }
        return (String) answer.data().get("id");
    }

    Answer read(String apiKey, String sessionId, String query) {
        return get(apiKey, "/dock/v2/sessions/" + sessionId + (query == null ? "" : "?" + query));
    }

    Answer get(String apiKey, String path) {
        Request.Builder request = new Request.Builder().url(root() + path);
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    Answer send(String method, String path, String apiKey, String body) {
        Request.Builder request = new Request.Builder().url(root() + path)
                .method(method, body == null ? null : RequestBody.create(body, JSON));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return send(request.build());
    }

    String root() {
        return "http://127.0.0.1:" + server.port();
    }

    static Answer send(Request request) {
        try (Response response = CLIENT.newCall(request).execute()) {
            return new Answer(response.code(), response.headers(), response.body().bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
