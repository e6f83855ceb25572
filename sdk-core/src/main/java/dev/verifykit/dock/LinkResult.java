package dev.verifykit.dock;

import dev.verifykit.internal.Model;
import dev.verifykit.internal.ModelText;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The link a completed Dock session produced. Fields the service adds that this version does not
 * know are kept in {@link #additionalProperties()}.
 *
 * <pre>{@code
 * LinkResult link = session.result().orElseThrow();
 * if (link.linkChanged()) {
 *     audit("relinked from " + link.previousRobloxId().orElse("?") + " to " + link.robloxId());
 * }
 * }</pre>
 */
@Model
@Value.Immutable
public abstract class LinkResult {
    LinkResult() {}

    /** A builder; {@code discordId} and {@code robloxId} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this link's values. */
    public abstract Builder toBuilder();

    /** The Discord user's id. */
    public abstract String discordId();

    /** The Roblox user's id. */
    public abstract String robloxId();

    /** When the user completed verification ({@code null} when the service left it out). */
    @Model.Nullable
    public abstract Instant verifiedAt();

    /** Whether this Discord user was linked to another Roblox account in the pid's dataset. */
    @Value.Default
    public boolean linkChanged() {
        return false;
    }

    /** The Roblox id linked before, when {@link #linkChanged()}. */
    public abstract Optional<String> previousRobloxId();

    /** 1 for the first link of this Discord user, then one more per change. */
    @Value.Default
    public int linkVersion() {
        return 0;
    }

    /** Dock's fingerprint of the link ({@code sha256-…}); {@code null} when the service left it out. */
    @Model.Nullable
    public abstract String linkHash();

    /** Fields the service sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Its fields, as Immutables prints them, with the server's text escaped (see {@link DockSession#toString()}). */
    @Override
    public String toString() {
        return ModelText.of("LinkResult", "discordId", discordId(), "robloxId", robloxId(), "verifiedAt", verifiedAt(),
                "linkChanged", linkChanged(), "previousRobloxId", previousRobloxId(), "linkVersion", linkVersion(),
                "linkHash", linkHash(), "additionalProperties", ModelText.REDACTED);
    }

    /** Builds a {@link LinkResult}, for your tests and fakes. */
    public static final class Builder extends LinkResultValue.Builder {
        Builder() {}
    }
}
