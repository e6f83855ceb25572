package dev.verifykit.dock;

import dev.verifykit.internal.Models;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
public final class LinkResult {
    private final String discordId;
    private final String robloxId;
    private final Instant verifiedAt;
    private final boolean linkChanged;
    private final String previousRobloxId;
    private final int linkVersion;
    private final String linkHash;
    private final Map<String, Object> additionalProperties;

    private LinkResult(Builder b) {
        this.discordId = Objects.requireNonNull(b.discordId, "result.discordId");
        this.robloxId = Objects.requireNonNull(b.robloxId, "result.robloxId");
        this.verifiedAt = b.verifiedAt;
        this.linkChanged = b.linkChanged;
        this.previousRobloxId = b.previousRobloxId;
        this.linkVersion = b.linkVersion;
        this.linkHash = b.linkHash;
        this.additionalProperties = Models.properties(b.additionalProperties);
    }

    /** A builder; {@code discordId} and {@code robloxId} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this link's values. */
    public Builder toBuilder() {
        return new Builder().discordId(discordId).robloxId(robloxId).verifiedAt(verifiedAt).linkChanged(linkChanged)
                .previousRobloxId(previousRobloxId).linkVersion(linkVersion).linkHash(linkHash)
                .additionalProperties(additionalProperties);
    }

    /** The Discord user's id. */
    public String discordId() {
        return discordId;
    }

    /** The Roblox user's id. */
    public String robloxId() {
        return robloxId;
    }

    /** When the user completed verification. */
    public Instant verifiedAt() {
        return verifiedAt;
    }

    /** Whether this Discord user was linked to another Roblox account in the pid's dataset. */
    public boolean linkChanged() {
        return linkChanged;
    }

    /** The Roblox id linked before, when {@link #linkChanged()}. */
    public Optional<String> previousRobloxId() {
        return Optional.ofNullable(previousRobloxId);
    }

    /** 1 for the first link of this Discord user, then one more per change. */
    public int linkVersion() {
        return linkVersion;
    }

    /** Dock's fingerprint of the link ({@code sha256-…}). */
    public String linkHash() {
        return linkHash;
    }

    /** Fields the service sent that this version does not know, as JSON values. */
    public Map<String, Object> additionalProperties() {
        return additionalProperties;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinkResult that && Arrays.equals(values(), that.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return Models.text("LinkResult", additionalProperties, "discordId", discordId, "robloxId", robloxId,
                "verifiedAt", verifiedAt, "linkChanged", linkChanged, "previousRobloxId", previousRobloxId,
                "linkVersion", linkVersion, "linkHash", linkHash);
    }

    private Object[] values() {
        return new Object[] {discordId, robloxId, verifiedAt, linkChanged, previousRobloxId, linkVersion, linkHash,
                additionalProperties};
    }

    /** Builds a {@link LinkResult}, for your tests and fakes. */
    public static final class Builder {
        private String discordId;
        private String robloxId;
        private Instant verifiedAt;
        private boolean linkChanged;
        private String previousRobloxId;
        private int linkVersion;
        private String linkHash;
        private Map<String, Object> additionalProperties;

        private Builder() {}

        /** Required: the Discord user's id. */
        public Builder discordId(String value) {
            this.discordId = value;
            return this;
        }

        /** Required: the Roblox user's id. */
        public Builder robloxId(String value) {
            this.robloxId = value;
            return this;
        }

        /** When the user completed verification. */
        public Builder verifiedAt(Instant value) {
            this.verifiedAt = value;
            return this;
        }

        /** Whether the Discord user was linked to another Roblox account before. */
        public Builder linkChanged(boolean value) {
            this.linkChanged = value;
            return this;
        }

        /** The Roblox id linked before. */
        public Builder previousRobloxId(String value) {
            this.previousRobloxId = value;
            return this;
        }

        /** The link's version. */
        public Builder linkVersion(int value) {
            this.linkVersion = value;
            return this;
        }

        /** Dock's fingerprint of the link. */
        public Builder linkHash(String value) {
            this.linkHash = value;
            return this;
        }

        /** Fields this version does not know. */
        public Builder additionalProperties(Map<String, ?> values) {
            this.additionalProperties = values == null ? null : Models.properties(values);
            return this;
        }

        /**
         * The link.
         *
         * @throws NullPointerException when {@code discordId} or {@code robloxId} is missing
         */
        public LinkResult build() {
            return new LinkResult(this);
        }
    }
}
