package dev.verifykit.roblox.internal;

import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.json.internal.Values;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the claims of a JWT's payload without checking its signature (that is the server's job):
 * enough to know when it expires and whom it names. It checks the form only: a header that is a
 * JSON object naming its {@code alg}, a payload that is a JSON object, a signature in base64url.
 * Never puts the token into a message.
 */
public final class Jwts {
    private Jwts() {}

    /** The times a token states. */
    public record Times(Instant expiresAt, Optional<Instant> issuedAt) {}

    /**
     * The {@code exp} and {@code iat} claims.
     *
     * @throws IllegalArgumentException when the text is not a JWT ({@link #claims}) with a numeric {@code exp}
     */
    public static Times times(String jwt) {
        Map<?, ?> claims = claims(jwt);
        if (!(claims.get("exp") instanceof Number exp)) {
            throw new IllegalArgumentException("has no numeric exp claim");
        }
        Optional<Instant> issued = claims.get("iat") instanceof Number iat ? Optional.of(instant("iat", iat)) : Optional.empty();
        return new Times(instant("exp", exp), issued);
    }

    /**
     * The payload's claims.
     *
     * @throws IllegalArgumentException when the text is not a JWT: three base64url parts separated
     *     by dots, the first a JSON object with a string {@code alg}, the second a JSON object, the
     *     third not empty
     */
    public static Map<?, ?> claims(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("is not a JWT (three base64url parts separated by dots)");
        }
        if (!(json("header", parts[0]) instanceof Map<?, ?> header) || !(header.get("alg") instanceof String)) {
            throw new IllegalArgumentException("has a header that is not a JSON object naming its alg");
        }
        try {
            Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a signature that is not base64url");
        }
        if (!(json("payload", parts[1]) instanceof Map<?, ?> claims)) {
            throw new IllegalArgumentException("has a payload that is not a JSON object");
        }
        return claims;
    }

    /** A part of the token read as base64url JSON. */
    private static Object json(String part, String base64Url) {
        try {
            return JsonCodec.read(RpcCodec.TREE, Base64.getUrlDecoder().decode(base64Url));
        } catch (IllegalArgumentException | JsonFormatException e) {
            throw new IllegalArgumentException("has a " + part + " that is not base64url JSON");
        }
    }

    /**
     * A NumericDate claim (unix seconds) of the years 0000 to 9999, its fraction dropped towards the
     * earlier second (never read later than it is, before 1970 too).
     */
    private static Instant instant(String claim, Number seconds) {
        double whole = Math.floor(seconds.doubleValue());
        if (!(whole >= Values.EARLIEST.getEpochSecond() && whole <= Values.LATEST.getEpochSecond())) {
            throw new IllegalArgumentException("has an " + claim + " claim outside the years 0000 to 9999");
        }
        return Instant.ofEpochSecond((long) whole);
    }
}
