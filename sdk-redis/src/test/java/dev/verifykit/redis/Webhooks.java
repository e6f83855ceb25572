package dev.verifykit.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signed Dokai webhook bodies for the tests, as the service sends them (plain hex HMAC-SHA256). */
final class Webhooks {
    static final String SECRET = "whsec_redis_tests";

    private Webhooks() {}

    static byte[] completed(String sessionId) {
        return ("{\"id\":\"" + sessionId + "\",\"status\":\"verified\",\"type\":\"hosted\","
                + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
                + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"texture\":0.85,\"frequency\":0.8,"
                + "\"reflection\":0.72,\"sharpness\":0.92,\"color\":0.75}},"
                + "\"identity\":{\"name\":\"TEST PERSON\",\"id_number\":\"000000-00-0000\"},"
                + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
                + "\"event\":\"verification.completed\"}").getBytes(StandardCharsets.UTF_8);
    }

    static String signature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
