package dev.verifykit.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The client reads a JWT's {@code exp} and {@code iat} without checking its signature (the
 * server's job). The reference: "JWTs are HS256, valid 1 hour, payload = the user object
 * ({@code robloxUserId}, {@code username}, {@code displayName}, {@code picture}) plus
 * {@code iat}/{@code exp}." These tokens were made outside Java (Python: base64url without
 * padding of compact JSON, HMAC-SHA256 under {@code verifykit-mock-jwt-secret}), one with the
 * header's keys in each order (jsonwebtoken for Node writes {@code alg} first).
 */
class JwtsVectorTest {
    static final String PAYLOAD = "eyJyb2Jsb3hVc2VySWQiOiIxNTYzMTkxMzUiLCJ1c2VybmFtZSI6ImJ1aWxkZXJtYW4iLCJkaXNwbGF5TmFtZSI6"
            + "IkJ1aWxkZXJtYW4iLCJwaWN0dXJlIjoiaHR0cHM6Ly90ci5yYnhjZG4uY29tL2hlYWRzaG90LzE1NjMxOTEzNS5wbmciLCJpYXQiOjE3NzMy"
            + "MjUwNjAsImV4cCI6MTc3MzIyODY2MH0";
    static final String ALG_FIRST = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + PAYLOAD
            + ".B2bciisNMncwNrg0DAs5JBe1lbBQnxJjap1rMY8VHtA";
    static final String TYP_FIRST = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9." + PAYLOAD
            + ".oZdaUiEpY_gJYjkkFPxhl0k3tJE-58IfnM5MoMmwi9I";

    @Test
    void readsExpAndIatOfTokensMadeOutsideTheSdk() {
        for (String jwt : new String[] {ALG_FIRST, TYP_FIRST}) {
            Jwts.Times times = Jwts.times(jwt);

            assertThat(times.expiresAt()).isEqualTo(Instant.parse("2026-03-11T11:31:00Z"));
            assertThat(times.issuedAt()).contains(Instant.parse("2026-03-11T10:31:00Z"));
            assertThat(Jwts.claims(jwt).get("robloxUserId")).isEqualTo("156319135");
            assertThat(Jwts.claims(jwt).get("username")).isEqualTo("builderman");
        }
    }
}
