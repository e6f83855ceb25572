package dev.verifykit.roblox;

import java.util.Objects;

/**
 * The Roblox account a verification proved, as the RPC returns it (the JWT's payload carries the
 * same fields).
 *
 * <pre>{@code
 * RobloxUser user = verified.user();
 * greet(user.displayName() + " (@" + user.username() + ")");
 * }</pre>
 *
 * @param robloxUserId the Roblox user id, digits
 * @param username the Roblox username
 * @param displayName the Roblox display name
 * @param picture the URL of the avatar headshot (420×420 PNG)
 */
public record RobloxUser(String robloxUserId, String username, String displayName, String picture) {
    /** Checks that the id is present. */
    public RobloxUser {
        Objects.requireNonNull(robloxUserId, "user.robloxUserId");
    }
}
