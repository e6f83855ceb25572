package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import java.time.Instant;
import java.util.concurrent.locks.Condition;

/**
 * A verification session: the API key that owns it, where it stands (kept as the snapshot the
 * control plane shows), a version bumped on every change, and its read guards; guarded by the
 * {@link DockState} lock.
 */
final class DockSession {

    static final String PENDING = "pending";
    static final String COMPLETED = "completed";
    static final String EXPIRED = "expired";
    static final String LIFETIME_EXCEEDED = "lifetime_exceeded";

    final String apiKey;
    /** Signalled when this session changes; of the {@link DockState} lock. */
    final Condition changed;
    private MockDockSession state;
    private long version;

    int reads;
    Instant lastReadStart;

    DockSession(String apiKey, MockDockSession created, Condition changed) {
        this.apiKey = apiKey;
        this.state = created;
        this.changed = changed;
    }

    MockDockSession snapshot() {
        return state;
    }

    boolean isPending() {
        return state.isPending();
    }

    /** Bumped on every change of state, so streams know what they have sent. */
    long version() {
        return version;
    }

    /** Expires the session if its lifetime has passed at {@code now}; true when that happened. */
    boolean expireIfDue(Instant now) {
        if (isPending() && !now.isBefore(state.expiresAt())) {
            end(EXPIRED, LIFETIME_EXCEEDED, state.expiresAt(), null, null);
            return true;
        }
        return false;
    }

    void expire(Instant now) {
        end(EXPIRED, LIFETIME_EXCEEDED, now, null, null);
    }

    void complete(String discordId, LinkDataset.Link link, Instant now) {
        end(COMPLETED, null, now, discordId, link);
    }

    private void end(String status, String reason, Instant at, String discordId, LinkDataset.Link link) {
        boolean linked = link != null;
        state = new MockDockSession(state.id(), state.pid(), state.clientId(), status, state.expiresAt(),
                linked ? discordId : null, linked ? link.robloxId() : null, linked ? link.version() : 0,
                linked && link.changed(), state.guildId(), reason, state.createdAt(), at,
                linked ? link.previousRobloxId() : null, linked ? link.hash() : null, state.verifyUrl());
        version++;
    }
}
