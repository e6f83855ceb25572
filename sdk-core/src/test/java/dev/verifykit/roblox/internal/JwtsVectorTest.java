package dev.verifykit.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client reads a JWT's {@code exp} and {@code iat} without checking its signature (the
 * server's job). The reference: "JWTs are HS256, valid 1 hour, payload = the user object
 * ({@code robloxUserId}, {@code username}, {@code displayName}, {@code picture}) plus
 * {@code iat}/{@code exp}." These tokens were made outside Java (Python: base64url without
 * padding of compact JSON, HMAC-SHA256 under {@code verifykit-mock-jwt-secret}), one with the
 * header's keys in each order (jsonwebtoken for Node writes {@code alg} first).
 */
class JwtsVectorTest {
    static final String HEADER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";
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

    /**
     * Payloads encoded outside Java (Python's {@code base64.urlsafe_b64encode}, padding stripped
     * unless said otherwise). RFC 7519 makes {@code exp} a NumericDate: a JSON number of seconds,
     * which may have a fraction (dropped here, towards the earlier second, so the expiry is never read later
     * than it is: before 1970 too, and the last second of the year 9999 is in range).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            exp with a fraction                  | eyJleHAiOjE3NzMyMjg2NjAuNX0                      | 2026-03-11T11:31:00Z
            exp in exponent notation             | eyJleHAiOjEuNzczMjI4NjZFOX0                      | 2026-03-11T11:31:00Z
            padded base64url                     | eyJleHAiOjE3NzMyMjg2NjAsImEiOiJiIn0=             | 2026-03-11T11:31:00Z
            the last second of the year 9999     | eyJleHAiOjI1MzQwMjMwMDc5OX0                      | 9999-12-31T23:59:59Z
            half a second before the year 10000  | eyJleHAiOjI1MzQwMjMwMDc5OS41fQ              | 9999-12-31T23:59:59Z
            half a second before 1970            | eyJleHAiOi0wLjV9                                 | 1969-12-31T23:59:59Z
            claims of every JSON type besides    | eyJleHAiOjE3NzMyMjg2NjAsImlhdCI6MTc3MzIyNTA2MCwibmJmIjoxNzczMjI1MDYwLCJhdWQiOlsiYSIsMV0sIngiOnsieSI6bnVsbH0sImYiOmZhbHNlfQ | 2026-03-11T11:31:00Z
            """)
    void readsTheExpiryOfPayloadsMadeOutsideTheSdk(String name, String payload, Instant expiresAt) {
        assertThat(Jwts.times(HEADER + "." + payload + ".c2ln").expiresAt()).isEqualTo(expiresAt);
    }

    /** Refusals name the rule and never quote the token. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            exp as a string                      | eyJleHAiOiIxNzczMjI4NjYwIn0                      | has no numeric exp claim
            exp true                             | eyJleHAiOnRydWV9                                 | has no numeric exp claim
            exp null                             | eyJleHAiOm51bGx9                                 | has no numeric exp claim
            exp in milliseconds                  | eyJleHAiOjE3NzMyMjg2NjAwMDB9                     | has an exp claim outside the years 0000 to 9999
            exp of 26 digits                     | eyJleHAiOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5fQ   | has an exp claim outside the years 0000 to 9999
            the first second of the year 10000   | eyJleHAiOjI1MzQwMjMwMDgwMH0                      | has an exp claim outside the years 0000 to 9999
            iat of 1e300                         | eyJleHAiOjE3NzMyMjg2NjAsImlhdCI6MWUzMDB9         | has an iat claim outside the years 0000 to 9999
            a JSON array                         | WzEsMl0                                          | has a payload that is not a JSON object
            text, not JSON                       | aGVsbG8                                          | has a payload that is not base64url JSON
            JSON followed by text                | eyJleHAiOjE3NzMyMjg2NjB9IHg                      | has a payload that is not base64url JSON
            JSON after a byte order mark         | 77u_eyJleHAiOjE3NzMyMjg2NjB9                     | has a payload that is not base64url JSON
            the standard base64 alphabet         | eyJleHAiOjE3NzMyMjg2NjAsIngiOiL//j8+In0          | has a payload that is not base64url JSON
            """)
    void refusesPayloadsWithoutAReadableExpiry(String name, String payload, String rule) {
        String jwt = HEADER + "." + payload + ".c2ln";

        assertThatThrownBy(() -> Jwts.times(jwt)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(rule).message().doesNotContain(payload);
    }

    @Test
    void aTokenOfOtherThanThreePartsIsNotAJwt() {
        for (String jwt : new String[] {PAYLOAD, HEADER + "." + PAYLOAD, ALG_FIRST + ".x", HEADER + "..c2ln"}) {
            assertThatThrownBy(() -> Jwts.times(jwt)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("is not a JWT (three base64url parts separated by dots)");
        }
    }

    /**
     * A NumericDate's "fraction dropped towards the earlier second (never read later than it is)",
     * however many fraction digits it has (RFC 7519: any JSON number): payloads built by hand,
     * base64url without padding (Python's {@code base64.urlsafe_b64encode}). A double rounded
     * {@code 1773228660.9999999999} up to the next second, and refused the last second of 9999.
     */
    @ParameterizedTest
    @CsvSource({
        // {"exp":1773228660.9999999999}
        "eyJleHAiOjE3NzMyMjg2NjAuOTk5OTk5OTk5OX0, 2026-03-11T11:31:00Z",
        // {"exp":17732286609999999999e-10}
        "eyJleHAiOjE3NzMyMjg2NjA5OTk5OTk5OTk5ZS0xMH0, 2026-03-11T11:31:00Z",
        // {"exp":253402300799.9999999}
        "eyJleHAiOjI1MzQwMjMwMDc5OS45OTk5OTk5fQ, 9999-12-31T23:59:59Z",
        // {"exp":1773228660.000…} with 80 zeros
        "eyJleHAiOjE3NzMyMjg2NjAuMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDB9, 2026-03-11T11:31:00Z",
        // {"exp":1e-999999999}
        "eyJleHAiOjFlLTk5OTk5OTk5OX0, 1970-01-01T00:00:00Z"})
    void aTimeClaimJustBeforeASecondIsNeverReadAsThatSecond(String payload, String expires) {
        assertThat(Jwts.times(HEADER + "." + payload + ".c2ln").expiresAt()).isEqualTo(Instant.parse(expires));
        // {"exp":1773228661,"iat":1773225060.9999999999}
        assertThat(Jwts.times(HEADER + ".eyJleHAiOjE3NzMyMjg2NjEsImlhdCI6MTc3MzIyNTA2MC45OTk5OTk5OTk5fQ.c2ln").issuedAt())
                .contains(Instant.parse("2026-03-11T10:31:00Z"));
    }

    /**
     * A time claim whose exponent is past an int ({@code 1e-2147483649}, any JSON number, a double's
     * 0): read from its text, {@code new BigDecimal} threw its own NumberFormatException ("Exponent
     * overflow."), an IllegalArgumentException that AuthSession turned into the rule of a refused
     * token, where the claim is the second 0 (as a double, which the tree read, says).
     */
    @ParameterizedTest
    @CsvSource({
        // {"exp":1e-2147483649}
        "eyJleHAiOjFlLTIxNDc0ODM2NDl9",
        // {"exp":1e-2147483648}
        "eyJleHAiOjFlLTIxNDc0ODM2NDh9"})
    void aTimeClaimWithAnExponentPastAnIntIsReadNotRefusedWithTheJdksWords(String payload) {
        assertThat(Jwts.times(HEADER + "." + payload + ".c2ln").expiresAt()).isEqualTo(Instant.EPOCH);
        // {"exp":1773228660,"iat":1e-9999999999}
        assertThat(Jwts.times(HEADER + ".eyJleHAiOjE3NzMyMjg2NjAsImlhdCI6MWUtOTk5OTk5OTk5OX0.c2ln").issuedAt())
                .contains(Instant.EPOCH);
    }

    /** Floors worked out by hand, from the number's digits. */
    @ParameterizedTest
    @CsvSource({
        "-1.5, -2", "1.5e1, 15", "15e-1, 1", "-15e-1, -2", "0.0005e4, 5", "-0, 0", "-0.0e5, 0", "0e99999999999, 0",
        "1773228660, 1773228660", "1773228660.0000, 1773228660", "177322866.09E1, 1773228660",
        "1773228661E-0, 1773228661", "-62167219200, -62167219200", "253402300799.999, 253402300799",
        "-0.000001, -1", "0.5, 0", "1E+2, 100", "0.05e2, 5"})
    void floorsWorkedOutByHand(String exp, long seconds) {
        assertThat(Jwts.times(floorToken("{\"exp\":" + exp + "}")).expiresAt()).isEqualTo(Instant.ofEpochSecond(seconds));
    }

    private static String floorToken(String payload) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + ".c2ln";
    }
}
