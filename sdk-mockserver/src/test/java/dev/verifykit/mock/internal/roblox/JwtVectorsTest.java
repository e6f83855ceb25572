package dev.verifykit.mock.internal.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * "JWTs are HS256, valid 1 hour, payload = the user object ({@code robloxUserId}, {@code username},
 * {@code displayName}, {@code picture}) plus {@code iat}/{@code exp}" (reference README). The tokens
 * were made outside Java (Python: base64url without padding of compact JSON, HMAC-SHA256 of
 * {@code header.payload}), one with the header's keys in each order.
 */
class JwtVectorsTest {
    private static final String KEY = "verifykit-mock-jwt-secret";
    private static final String PAYLOAD = "eyJyb2Jsb3hVc2VySWQiOiIxNTYzMTkxMzUiLCJ1c2VybmFtZSI6ImJ1aWxkZXJtYW4iLCJkaXNwbGF5TmFtZSI6"
            + "IkJ1aWxkZXJtYW4iLCJwaWN0dXJlIjoiaHR0cHM6Ly90ci5yYnhjZG4uY29tL2hlYWRzaG90LzE1NjMxOTEzNS5wbmciLCJpYXQiOjE3NzMy"
            + "MjUwNjAsImV4cCI6MTc3MzIyODY2MH0";
    private static final String ALG_FIRST = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + PAYLOAD
            + ".B2bciisNMncwNrg0DAs5JBe1lbBQnxJjap1rMY8VHtA";
    private static final String TYP_FIRST = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9." + PAYLOAD
            + ".oZdaUiEpY_gJYjkkFPxhl0k3tJE-58IfnM5MoMmwi9I";

    private static Map<String, Object> claims() {
        return Json.object("robloxUserId", "156319135", "username", "builderman", "displayName", "Builderman",
                "picture", "https://tr.rbxcdn.com/headshot/156319135.png", "iat", 1773225060L, "exp", 1773228660L);
    }

    @Test
    void signsAsTheIndependentEncoderDoes() {
        assertThat(new Jwt(KEY).sign(claims())).isEqualTo(ALG_FIRST);
    }

    /** A token with {@code header}, the vectors' payload, and an HS256 signature with the vectors' key. */
    private static String signedWithHeader(String header) throws GeneralSecurityException {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + PAYLOAD;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + base64url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Only a header object naming {@code alg: HS256} is accepted, however well the token is signed. */
    @Test
    void aSignatureCountsOnlyUnderAnHs256Header() throws GeneralSecurityException {
        Jwt jwt = new Jwt(KEY);
        assertThat(signedWithHeader("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")).as("signed as the vectors").isEqualTo(ALG_FIRST);

        assertThat(jwt.verify(signedWithHeader("{\"alg\":\"HS512\",\"typ\":\"JWT\"}"))).isEmpty();
        assertThat(jwt.verify(signedWithHeader("{\"alg\":\"none\",\"typ\":\"JWT\"}"))).isEmpty();
        assertThat(jwt.verify(signedWithHeader("[\"HS256\"]"))).as("a header that is not an object").isEmpty();
    }

    @Test
    void acceptsTokensMadeOutsideTheMockWhateverTheHeadersKeyOrder() {
        Jwt jwt = new Jwt(KEY);

        assertThat(jwt.verify(ALG_FIRST)).map(p -> (Object) p.get("robloxUserId")).contains("156319135");
        assertThat(jwt.verify(TYP_FIRST)).map(p -> (Object) p.get("username")).contains("builderman");
        assertThat(new Jwt("another-key").verify(ALG_FIRST)).isEmpty();
    }
}
