package dev.verifykit.roblox;

import dev.verifykit.internal.Model;
import java.time.Instant;
import java.util.Map;
import org.immutables.value.Value;

/**
 * A verification begun: show {@link #code()} to the user, who enters it in the Roblox place
 * {@link #placeId()} before {@link #expiresAt()}. Fields the RPC adds that this version does not
 * know are kept in {@link #additionalProperties()}.
 *
 * <pre>{@code
 * VerificationStart start = rpc.beginVerification();
 * show("Join place " + start.placeId() + " and enter " + start.code());
 * }</pre>
 *
 * <p>In your own tests: {@code VerificationStart.builder().sessionId(id).code("482913").expiresAt(instant)
 * .placeId(1818).build()} (every field is required).
 */
@Model
@Value.Immutable
public abstract class VerificationStart {
    VerificationStart() {}

    /** A builder; every field is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this start's values. */
    public abstract Builder toBuilder();

    /** The session, a UUID, to check or await. */
    public abstract String sessionId();

    /**
     * The code the user enters in the game (usually 6 digits; 8 hex characters on collisions). Whoever
     * enters it first is linked to this session, so it is never shown by {@code toString()}.
     */
    @Value.Redacted
    public abstract String code();

    /** When the session ends (10 minutes after it began). */
    public abstract Instant expiresAt();

    /**
     * The Roblox place where the code is entered (the RPC sends it as a string of digits; a whole
     * number is read too).
     */
    public abstract long placeId();

    /** Fields the RPC sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Builds a {@link VerificationStart}, for your tests and fakes. */
    public static final class Builder extends VerificationStartValue.Builder {
        Builder() {}
    }
}
