package dev.verifykit.mock;

import dev.verifykit.mock.Http.Answer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Dokai requests against a mock server, and an HMAC computed independently of the mock. */
final class DokaiHttp {

    static final String KEY = "dk_test_mock";
    static final String OTHER = "dk_test_other";
    static final String NO_KYC = "dk_test_nokyc";
    static final String SECRET = "whsec_mock";

    private final Http http;

    DokaiHttp(MockServer server) {
        this.http = new Http(server);
    }

    Http http() {
        return http;
    }

    Answer create(String apiKey, String body) {
        return http.send("POST", "/dokai/v1/verify/session", apiKey, body);
    }

    /** Creates a session with {@code body} and returns its id. */
    String newSession(String body) {
        Answer answer = create(KEY, body);
        if (answer.status() != 201) {
            throw new AssertionError("create failed: " + answer.status() + " " + answer.body());
        }
        return (String) answer.json().get("id");
    }

    Answer read(String apiKey, String id) {
        return http.get(apiKey, "/dokai/v1/verify/session/" + id);
    }

    Answer control(String method, String path, String body) {
        return http.send(method, "/_mock/dokai" + path, null, body == null && method.equals("POST") ? "" : body);
    }

    @SuppressWarnings("unchecked")
    static String errorCode(Answer answer) {
        return (String) ((Map<String, Object>) answer.json().get("error")).get("code");
    }

    static String hmacHex(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
