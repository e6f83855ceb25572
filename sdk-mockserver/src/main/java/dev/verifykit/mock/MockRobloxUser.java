package dev.verifykit.mock;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Roblox user in the mock's directory, which {@code auth.completeVerification} and
 * {@code auth.refresh} look players up in (the real service asks Roblox for the profile and the
 * avatar headshot). Ids nobody registered have a generated profile ({@code user<id>}).
 *
 * <pre>{@code
 * server.roblox().registerUser(new MockRobloxUser("42", "player42", "Player 42",
 *         "https://tr.rbxcdn.com/headshot-42/420/420/AvatarHeadshot/Png"));
 * server.roblox().registerUser(new MockRobloxUser("43", "faceless", "Faceless", null)); // no headshot
 * }</pre>
 *
 * @param robloxUserId the user id, digits: 1 to 20 once its leading zeros are dropped (the directory reads
 *     an id as a number: {@code 0042} is user {@code 42})
 * @param username the user name, not blank
 * @param displayName the display name, not blank
 * @param picture the 420x420 headshot URL, or {@code null} when Roblox has no headshot for the user
 */
public record MockRobloxUser(String robloxUserId, String username, String displayName, String picture) {

    /** Digits, at most 20 once the leading zeros are dropped (as the directory reads an id: a number). */
    private static final Pattern ID = Pattern.compile("0*[0-9]{1,20}");

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when the id is not 1 to 20 digits (leading zeros aside), a name is
     *     blank, or the picture is blank
     */
    public MockRobloxUser {
        Objects.requireNonNull(robloxUserId, "robloxUserId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        if (!ID.matcher(robloxUserId).matches()) {
            throw new IllegalArgumentException("robloxUserId must be 1 to 20 digits (leading zeros aside): " + robloxUserId);
        }
        if (username.isBlank() || displayName.isBlank()) {
            throw new IllegalArgumentException("username and displayName must not be blank");
        }
        if (picture != null && picture.isBlank()) {
            throw new IllegalArgumentException("picture must be a URL or null (no headshot)");
        }
    }

    /** Whether the user has an avatar headshot; completion fails for users without one. */
    public boolean hasHeadshot() {
        return picture != null;
    }
}
