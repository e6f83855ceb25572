package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import java.time.Instant;
import java.util.concurrent.locks.Condition;

/** A verification session; guarded by the {@link DockState} lock. */
final class DockSession {

    static final String PENDING = "pending";
    static final String COMPLETED = "completed";
    static final String EXPIRED = "expired";
    static final String LIFETIME_EXCEEDED = "lifetime_exceeded";

    final String id;
    final String apiKey;
    final String pid;
    final String clientId;
    final String guildId;
    final Instant createdAt;
    final Instant expiresAt;
    final String verifyUrl;
    /** Signalled when this session changes; of the {@link DockState} lock. */
    final Condition changed;

    private String status = PENDING;
    private String statusReason;
    private Instant terminalAt;
    private String discordId;
    private LinkDataset.Link link;
    private long version;

    int reads;
    Instant lastReadStart;

    DockSession(String id, String apiKey, String pid, String clientId, String guildId, Instant createdAt,
                Instant expiresAt, String verifyUrl, Condition changed) {
        this.id = id;
        this.apiKey = apiKey;
        this.pid = pid;
        this.clientId = clientId;
        this.guildId = guildId;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
        this.verifyUrl = verifyUrl;
        this.changed = changed;
    }

    boolean isPending() {
        return PENDING.equals(status);
    }

    /** Bumped on every change of state, so streams know what they have sent. */
    long version() {
        return version;
    }

    Instant terminalAt() {
        return terminalAt;
    }

    /** Expires the session if its lifetime has passed at {@code now}; true when that happened. */
    boolean expireIfDue(Instant now) {
        if (isPending() && !now.isBefore(expiresAt)) {
            end(EXPIRED, LIFETIME_EXCEEDED, expiresAt);
            return true;
        }
        return false;
    }

    void expire(Instant now) {
        end(EXPIRED, LIFETIME_EXCEEDED, now);
    }

    void complete(String discordId, LinkDataset.Link link, Instant now) {
        this.discordId = discordId;
        this.link = link;
        end(COMPLETED, null, now);
    }

    private void end(String status, String reason, Instant at) {
        this.status = status;
        this.statusReason = reason;
        this.terminalAt = at;
        this.version++;
    }

    MockDockSession snapshot() {
        boolean done = link != null;
        return new MockDockSession(id, pid, clientId, status, expiresAt,
                done ? discordId : null, done ? link.robloxId() : null, done ? link.version() : 0,
                done && link.changed(), guildId, statusReason, createdAt, terminalAt,
                done ? link.previousRobloxId() : null, done ? link.hash() : null, verifyUrl);
    }
}
