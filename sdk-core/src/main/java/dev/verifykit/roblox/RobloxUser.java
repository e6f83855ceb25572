package dev.verifykit.roblox;

import dev.verifykit.internal.Model;
import dev.verifykit.internal.ModelText;
import java.util.Map;
import org.immutables.value.Value;

/**
 * The Roblox account a verification proved, as the RPC returns it (the JWT's payload carries the
 * same fields). Fields the RPC adds that this version does not know are kept in
 * {@link #additionalProperties()}.
 *
 * <pre>{@code
 * RobloxUser user = verified.user();
 * greet(user.displayName() + " (@" + user.username() + ")");
 * }</pre>
 *
 * <p>In your own tests: {@code RobloxUser.builder().robloxUserId("156319135").username("builder").build()}
 * (only the id is required).
 */
@Model
@Value.Immutable
public abstract class RobloxUser {
    RobloxUser() {}

    /** A builder; {@code robloxUserId} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this user's values. */
    public abstract Builder toBuilder();

    /** The Roblox user id, digits. */
    public abstract String robloxUserId();

    /** The Roblox username ({@code null} when the service left it out). */
    @Model.Nullable
    public abstract String username();

    /** The Roblox display name ({@code null} when the service left it out). */
    @Model.Nullable
    public abstract String displayName();

    /** The URL of the avatar headshot (420×420 PNG); {@code null} when the service left it out. */
    @Model.Nullable
    public abstract String picture();

    /** Fields the RPC sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Its fields, as Immutables prints them, with the server's text (names, picture) escaped (<code>&#92;u001B</code>). */
    @Override
    public String toString() {
        return ModelText.of("RobloxUser", "robloxUserId", robloxUserId(), "username", username(),
                "displayName", displayName(), "picture", picture(), "additionalProperties", ModelText.REDACTED);
    }

    /** Builds a {@link RobloxUser}, for your tests and fakes. */
    public static final class Builder extends RobloxUserValue.Builder {
        Builder() {}
    }
}
