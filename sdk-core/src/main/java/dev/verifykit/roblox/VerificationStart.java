package dev.verifykit.roblox;

import dev.verifykit.json.EpochMillis;
import java.time.Instant;
import java.util.Objects;

/**
 * A verification begun: show {@link #code()} to the user, who enters it in the Roblox place
 * {@link #placeId()} before {@link #expiresAt()}.
 *
 * <pre>{@code
 * VerificationStart start = rpc.beginVerification();
 * show("Join place " + start.placeId() + " and enter " + start.code());
 * }</pre>
 *
 * @param sessionId the session, a UUID, to check or await
 * @param code the code the user enters in the game (usually 6 digits; 8 hex characters on collisions)
 * @param expiresAt when the session ends (10 minutes after it began)
 * @param placeId the Roblox place where the code is entered (the server sends it as a string of digits;
 *     a number is read too)
 */
public record VerificationStart(String sessionId, String code, @EpochMillis Instant expiresAt, long placeId) {
    /** Checks the required fields. */
    public VerificationStart {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
