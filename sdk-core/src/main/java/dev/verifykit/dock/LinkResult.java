package dev.verifykit.dock;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The link a completed Dock session produced.
 *
 * <pre>{@code
 * LinkResult link = session.result().orElseThrow();
 * if (link.linkChanged()) {
 *     audit("relinked from " + link.previousRobloxId().orElse("?") + " to " + link.robloxId());
 * }
 * }</pre>
 *
 * @param discordId the Discord user's id
 * @param robloxId the Roblox user's id
 * @param verifiedAt when the user completed verification
 * @param linkChanged whether this Discord user was linked to another Roblox account in the pid's dataset
 * @param previousRobloxId the Roblox id linked before, when {@code linkChanged}
 * @param linkVersion 1 for the first link of this Discord user, then one more per change
 * @param linkHash Dock's fingerprint of the link ({@code sha256-…})
 */
public record LinkResult(
        String discordId,
        String robloxId,
        Instant verifiedAt,
        boolean linkChanged,
        Optional<String> previousRobloxId,
        int linkVersion,
        String linkHash) {

    /** Checks the ids are present; an absent previous id is empty. */
    public LinkResult {
        Objects.requireNonNull(discordId, "result.discordId");
        Objects.requireNonNull(robloxId, "result.robloxId");
        previousRobloxId = previousRobloxId == null ? Optional.empty() : previousRobloxId;
    }
}
