package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 JSON Web Tokens: header {@code {"alg":"HS256","typ":"JWT"}}, base64url without padding. */
final class Jwt {

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    Jwt(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    String sign(Map<String, Object> payload) {
        String signingInput = encode(HEADER) + "." + encode(Json.write(payload));
        return signingInput + "." + signature(signingInput);
    }

    /** The payload of a token signed with this key and {@code alg: HS256}; expiry is not checked. */
    Optional<Map<?, ?>> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        Optional<Object> header = decode(parts[0]);
        if (header.isEmpty() || !(header.get() instanceof Map<?, ?> h) || !"HS256".equals(h.get("alg"))) {
            return Optional.empty();
        }
        byte[] expected = signature(parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return decode(parts[1]).filter(Map.class::isInstance).map(p -> (Map<?, ?>) p);
    }

    private String signature(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODER.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String encode(String json) {
        return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Object> decode(String part) {
        try {
            return Json.parse(new String(DECODER.decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
