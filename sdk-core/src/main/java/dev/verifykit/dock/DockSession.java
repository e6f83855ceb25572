package dev.verifykit.dock;

import dev.verifykit.internal.Models;
import dev.verifykit.json.OpenEnum;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Dock verification session as the service returned it. Fields the service adds that this
 * version does not know are kept in {@link #additionalProperties()}.
 *
 * <pre>{@code
 * DockSession session = dock.sessions().create(params);
 * redirect(session.verifyUrl());
 * DockSession done = dock.sessions().awaitCompletion(session.id());
 * switch (done.status().value()) {
 *     case COMPLETED -> store(done.clientId(), done.result().orElseThrow());
 *     case EXPIRED -> offerRetry();
 *     default -> log.warn("unexpected status {}", done.status().raw());
 * }
 * }</pre>
 *
 * <p>In your own tests, build one: {@code DockSession.builder().id("vsn_1").status(DockSessionStatus.PENDING)
 * .expiresAt(instant).build()}.
 */
public final class DockSession {
    private final String id;
    private final String pid;
    private final String clientId;
    private final String guildId;
    private final OpenEnum<DockSessionStatus> status;
    private final String statusReason;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final Instant terminalAt;
    private final String verifyUrl;
    private final boolean reusedExisting;
    private final LinkResult result;
    private final Map<String, Object> additionalProperties;

    private DockSession(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.pid = b.pid;
        this.clientId = b.clientId;
        this.guildId = b.guildId;
        this.status = Objects.requireNonNull(b.status, "status");
        this.statusReason = b.statusReason;
        this.createdAt = b.createdAt;
        this.expiresAt = Objects.requireNonNull(b.expiresAt, "expiresAt");
        this.terminalAt = b.terminalAt;
        this.verifyUrl = b.verifyUrl;
        this.reusedExisting = b.reusedExisting;
        this.result = b.result;
        this.additionalProperties = Models.properties(b.additionalProperties);
    }

    /** A builder; {@code id}, {@code status} and {@code expiresAt} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this session's values. */
    public Builder toBuilder() {
        return new Builder().id(id).pid(pid).clientId(clientId).guildId(guildId).status(status)
                .statusReason(statusReason).createdAt(createdAt).expiresAt(expiresAt).terminalAt(terminalAt)
                .verifyUrl(verifyUrl).reusedExisting(reusedExisting).result(result)
                .additionalProperties(additionalProperties);
    }

    /** The session id ({@code vsn_…}). */
    public String id() {
        return id;
    }

    /** The public identifier the session belongs to. */
    public String pid() {
        return pid;
    }

    /** Your id for the user, returned as you sent it. */
    public String clientId() {
        return clientId;
    }

    /** The Discord guild, when one was given. */
    public Optional<String> guildId() {
        return Optional.ofNullable(guildId);
    }

    /** The state. */
    public OpenEnum<DockSessionStatus> status() {
        return status;
    }

    /** Why the session ended, e.g. {@code "lifetime_exceeded"}. */
    public Optional<String> statusReason() {
        return Optional.ofNullable(statusReason);
    }

    /** When the session was created (absent from some create responses). */
    public Optional<Instant> createdAt() {
        return Optional.ofNullable(createdAt);
    }

    /** When the session expires if not completed. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** When the session left {@code pending}. */
    public Optional<Instant> terminalAt() {
        return Optional.ofNullable(terminalAt);
    }

    /** Where to send the user. */
    public String verifyUrl() {
        return verifyUrl;
    }

    /** Whether create returned an existing pending session for this pid and client id ({@code false} when not said). */
    public boolean reusedExisting() {
        return reusedExisting;
    }

    /** The link, once completed. */
    public Optional<LinkResult> result() {
        return Optional.ofNullable(result);
    }

    /** Fields the service sent that this version does not know, as JSON values (strings, numbers, booleans, lists, maps). */
    public Map<String, Object> additionalProperties() {
        return additionalProperties;
    }

    /** Whether the user has not finished yet ({@code pending}). */
    public boolean isPending() {
        return status.is(DockSessionStatus.PENDING);
    }

    /** Whether the session completed with a link. */
    public boolean isCompleted() {
        return status.is(DockSessionStatus.COMPLETED);
    }

    /**
     * Whether the session has left {@code pending}: completed, expired, or a state this SDK does not
     * know, which is returned to the caller rather than waited on.
     */
    public boolean isTerminal() {
        return !isPending();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DockSession that && Arrays.equals(values(), that.values());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values());
    }

    @Override
    public String toString() {
        return Models.text("DockSession", additionalProperties, "id", id, "pid", pid, "clientId", clientId,
                "guildId", guildId, "status", status, "statusReason", statusReason, "createdAt", createdAt,
                "expiresAt", expiresAt, "terminalAt", terminalAt, "verifyUrl", verifyUrl,
                "reusedExisting", reusedExisting, "result", result);
    }

    private Object[] values() {
        return new Object[] {id, pid, clientId, guildId, status, statusReason, createdAt, expiresAt, terminalAt,
                verifyUrl, reusedExisting, result, additionalProperties};
    }

    /** Builds a {@link DockSession}, for your tests and fakes; {@code null} leaves an optional field unset. */
    public static final class Builder {
        private String id;
        private String pid;
        private String clientId;
        private String guildId;
        private OpenEnum<DockSessionStatus> status;
        private String statusReason;
        private Instant createdAt;
        private Instant expiresAt;
        private Instant terminalAt;
        private String verifyUrl;
        private boolean reusedExisting;
        private LinkResult result;
        private Map<String, Object> additionalProperties;

        private Builder() {}

        /** Required: the session id. */
        public Builder id(String value) {
            this.id = value;
            return this;
        }

        /** The public identifier. */
        public Builder pid(String value) {
            this.pid = value;
            return this;
        }

        /** Your id for the user. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /** The Discord guild. */
        public Builder guildId(String value) {
            this.guildId = value;
            return this;
        }

        /** Required: the state. */
        public Builder status(OpenEnum<DockSessionStatus> value) {
            this.status = value;
            return this;
        }

        /** Required: the state, a known one. */
        public Builder status(DockSessionStatus value) {
            return status(OpenEnum.known(value));
        }

        /** Why the session ended. */
        public Builder statusReason(String value) {
            this.statusReason = value;
            return this;
        }

        /** When the session was created. */
        public Builder createdAt(Instant value) {
            this.createdAt = value;
            return this;
        }

        /** Required: when the session expires. */
        public Builder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        /** When the session left {@code pending}. */
        public Builder terminalAt(Instant value) {
            this.terminalAt = value;
            return this;
        }

        /** Where to send the user. */
        public Builder verifyUrl(String value) {
            this.verifyUrl = value;
            return this;
        }

        /** Whether create returned an existing pending session. */
        public Builder reusedExisting(boolean value) {
            this.reusedExisting = value;
            return this;
        }

        /** The link of a completed session. */
        public Builder result(LinkResult value) {
            this.result = value;
            return this;
        }

        /** Fields this version does not know. */
        public Builder additionalProperties(Map<String, ?> values) {
            this.additionalProperties = values == null ? null : Models.properties(values);
            return this;
        }

        /**
         * The session.
         *
         * @throws NullPointerException when {@code id}, {@code status} or {@code expiresAt} is missing
         */
        public DockSession build() {
            return new DockSession(this);
        }
    }
}
