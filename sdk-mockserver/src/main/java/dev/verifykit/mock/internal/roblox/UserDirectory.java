package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxUser;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Roblox users the mock knows, standing in for Roblox's user and headshot APIs: the seeded and
 * registered users, the ids registered as missing, and a generated profile for any other id of 1 to
 * 20 digits. An id is read as a number, as Roblox's APIs read the path and query the real server puts
 * it in: {@code 000156319135} is user {@code 156319135}, and the profile (hence the token's
 * {@code robloxUserId}) has the id without its leading zeros, as the real server writes Roblox's
 * numeric {@code id} back as a string. Not thread-safe; the state's lock guards it.
 */
final class UserDirectory {

    private static final Pattern ID = Pattern.compile("0*[0-9]{1,20}"); // MockRobloxUser's rule: 1 to 20 digits, leading zeros aside

    private final Map<String, MockRobloxUser> registered = new LinkedHashMap<>();
    private final Set<String> missing = new LinkedHashSet<>();

    UserDirectory() {
        reset();
    }

    /** The profile Roblox would give for the id: registered, else generated; empty when registered missing. */
    Optional<MockRobloxUser> find(String robloxUserId) {
        String id = canonical(robloxUserId);
        if (missing.contains(id)) {
            return Optional.empty();
        }
        MockRobloxUser user = registered.get(id);
        return user != null ? Optional.of(user) : generated(id);
    }

    /** The id as Roblox reads it, a number: without leading zeros ({@code 0} for zeros only); other text as it is. */
    static String canonical(String robloxUserId) {
        if (robloxUserId == null || !Input.DIGITS.matcher(robloxUserId).matches()) {
            return robloxUserId;
        }
        int start = 0;
        while (start < robloxUserId.length() - 1 && robloxUserId.charAt(start) == '0') {
            start++;
        }
        return robloxUserId.substring(start);
    }

    /**
     * The user completing a code or refreshing a token.
     *
     * @throws CompletionRefused when Roblox would not know the id, or would have no headshot for it
     */
    MockRobloxUser lookUp(String robloxUserId) {
        MockRobloxUser user = find(robloxUserId)
                .orElseThrow(() -> new CompletionRefused(CompletionRefused.Reason.UNKNOWN_USER));
        if (!user.hasHeadshot()) {
            throw new CompletionRefused(CompletionRefused.Reason.NO_HEADSHOT);
        }
        return user;
    }

    /** Registers {@code user} under its id as a number (a registered {@code 0042} is user {@code 42}). */
    MockRobloxUser register(MockRobloxUser user) {
        Objects.requireNonNull(user, "user");
        String id = canonical(user.robloxUserId());
        MockRobloxUser stored = id.equals(user.robloxUserId()) ? user
                : new MockRobloxUser(id, user.username(), user.displayName(), user.picture());
        missing.remove(id);
        registered.remove(id);
        registered.put(id, stored);
        return stored;
    }

    void registerMissing(String robloxUserId) {
        requireId(robloxUserId);
        String id = canonical(robloxUserId);
        registered.remove(id);
        missing.add(id);
    }

    /** Registers the id's current names (generated when it has none) without a headshot. */
    MockRobloxUser registerWithoutHeadshot(String robloxUserId) {
        requireId(robloxUserId);
        String id = canonical(robloxUserId);
        MockRobloxUser names = registered.containsKey(id) ? registered.get(id) : generated(id).orElseThrow();
        return register(new MockRobloxUser(id, names.username(), names.displayName(), null));
    }

    /** Forgets the registered user or the missing mark; returns the user, empty when there was none. */
    Optional<MockRobloxUser> remove(String robloxUserId) {
        String id = canonical(robloxUserId);
        missing.remove(id);
        return Optional.ofNullable(registered.remove(id));
    }

    List<MockRobloxUser> registered() {
        return List.copyOf(registered.values());
    }

    List<String> missing() {
        return List.copyOf(missing);
    }

    /** Back to the seeded users, nothing missing. */
    void reset() {
        registered.clear();
        missing.clear();
        for (MockRobloxUser user : SeedUsers.ALL) {
            register(user);
        }
    }

    private static Optional<MockRobloxUser> generated(String robloxUserId) {
        if (robloxUserId == null || !ID.matcher(robloxUserId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new MockRobloxUser(robloxUserId, "user" + robloxUserId, "User " + robloxUserId,
                "https://tr.rbxcdn.com/30DAY-AvatarHeadshot-" + robloxUserId + "-Png/420/420/AvatarHeadshot/Png/noFilter"));
    }

    /**
     * An id Roblox knows, read as a number as {@link #find} reads it: digits, 1 to 20 once its leading
     * zeros are dropped ({@code 000000000000000000001}, 21 characters, is user {@code 1}, whose profile
     * {@link #find} gives: it can be registered as that user too).
     */
    private static void requireId(String robloxUserId) {
        Objects.requireNonNull(robloxUserId, "robloxUserId");
        if (!ID.matcher(robloxUserId).matches()) {
            throw new IllegalArgumentException("robloxUserId must be 1 to 20 digits (leading zeros aside): " + robloxUserId);
        }
    }
}
