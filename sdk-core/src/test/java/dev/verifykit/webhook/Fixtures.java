package dev.verifykit.webhook;

import dev.verifykit.time.VirtualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test data, and HMACs computed with {@link Mac} directly, independently of the code under test. */
final class Fixtures {
    static final String SECRET = "whsec_mock";
    static final String OTHER_SECRET = "whsec_rotated_2026";
    static final Instant NOW = Instant.parse("2026-03-11T10:31:00Z");
    static final long T = NOW.getEpochSecond();
    static final String BODY_TEXT = "{\"id\":\"ver_abc123\",\"status\":\"verified\",\"type\":\"hosted\","
            + "\"face_match\":{\"matched\":true,\"score\":0.92,\"threshold\":0.363},"
            + "\"liveness\":{\"passed\":true,\"score\":0.78,\"checks\":{\"texture\":0.85,\"frequency\":0.8,"
            + "\"reflection\":0.72,\"sharpness\":0.92,\"color\":0.75}},"
            + "\"identity\":{\"name\":\"AHMAD BIN IBRAHIM\",\"id_number\":\"901215-08-5523\"},"
            + "\"created_at\":\"2026-03-11T10:30:00Z\",\"expires_at\":\"2026-03-12T10:30:00Z\","
            + "\"event\":\"verification.completed\"}";
    static final byte[] BODY = bytes(BODY_TEXT);

    private Fixtures() {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String hmacHex(String secret, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bytes(secret), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code t=<t>,v1=<hmac of "<t>.<body>">}. */
    static String timestamped(String secret, long t, byte[] body) {
        return "t=" + t + ",v1=" + v1(secret, t, body);
    }

    static String v1(String secret, long t, byte[] body) {
        byte[] prefix = bytes(t + ".");
        byte[] payload = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        System.arraycopy(body, 0, payload, prefix.length, body.length);
        return hmacHex(secret, payload);
    }

    static VirtualScheduler clock() {
        return VirtualScheduler.manual(NOW);
    }

    static WebhookVerifier.Builder verifier(VirtualScheduler clock) {
        return WebhookVerifier.builder().secret(SECRET).scheduler(clock);
    }
}
