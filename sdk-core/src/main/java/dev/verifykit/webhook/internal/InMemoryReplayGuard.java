package dev.verifykit.webhook.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Claims and handled deliveries in one map, each with its expiry, in the order they were last
 * written. Expired entries are forgotten first. When all {@code maxEntries} still stand, the oldest
 * handled delivery is forgotten to make room (a copy of it, should one come, would be handled
 * again: the handler is to be idempotent), never a claim in progress, which would let a copy be
 * handled beside it; when every entry is a claim in progress, a new key is refused with a
 * {@link StoreUnavailableException} (the verifier answers 503 with {@code Retry-After}). Refusing
 * new deliveries until a day-old entry expires instead would lose them: the service stops retrying
 * long before.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.webhook");
    private final int maxEntries;
    private final Duration ttl;
    private final Duration claimTimeout;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private boolean warnedFull;

    /** A claim (with its token) or a handled delivery (token {@code null}), until {@code expires}. */
    private record Entry(String token, Instant expires) {}

    public InMemoryReplayGuard(int maxEntries, Duration ttl, Duration claimTimeout) {
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.claimTimeout = claimTimeout;
    }

    @Override
    public synchronized Claim claim(String deliveryKey, Instant now) {
        Entry entry = entries.get(deliveryKey);
        if (entry != null && entry.expires.isAfter(now)) {
            return entry.token == null ? Claim.done(deliveryKey)
                    : Claim.inProgress(deliveryKey, Duration.between(now, entry.expires));
        }
        String token = UUID.randomUUID().toString();
        put(deliveryKey, new Entry(token, now.plus(claimTimeout)), now);
        return Claim.claimed(deliveryKey, token);
    }

    @Override
    public synchronized void commit(Claim claim, Instant now) {
        put(claim.deliveryKey(), new Entry(null, now.plus(ttl)), now);
    }

    @Override
    public Duration claimTimeout() {
        return claimTimeout;
    }

    @Override
    public synchronized void extend(Claim claim, Instant now) {
        Entry entry = entries.get(claim.deliveryKey());
        if (entry != null && claim.token().equals(entry.token) && entry.expires.isAfter(now)) {
            put(claim.deliveryKey(), new Entry(entry.token, now.plus(claimTimeout)), now);
        }
    }

    @Override
    public synchronized void release(Claim claim) {
        Entry entry = entries.get(claim.deliveryKey());
        if (entry != null && claim.token().equals(entry.token)) {
            entries.remove(claim.deliveryKey());
        }
    }

    /**
     * Writes an entry, making room for a new key in a full guard: expired entries first, else the
     * oldest handled delivery; a new key when every entry is a claim in progress is refused, and
     * nothing is changed.
     */
    private void put(String key, Entry entry, Instant now) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.values().removeIf(standing -> !standing.expires.isAfter(now));
            if (entries.size() >= maxEntries && !forgetOldestHandled()) {
                throw new StoreUnavailableException(Service.DOKAI, "the in-memory replay guard is full: its " + maxEntries
                        + " entries (maxEntries) are all deliveries being handled; a new delivery is refused until"
                        + " one ends", null);
            }
        }
        entries.remove(key);
        entries.put(key, entry);
        forgetExpired(now);
    }

    /** Forgets the handled delivery written first, warning the first time; false when there is none. */
    private boolean forgetOldestHandled() {
        for (Iterator<Entry> all = entries.values().iterator(); all.hasNext(); ) {
            if (all.next().token == null) {
                all.remove();
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.log(System.Logger.Level.WARNING, "the in-memory replay guard is full (" + maxEntries
                            + " deliveries within " + ttl + "): it forgets the oldest handled ones before they"
                            + " expire, so a copy of one would be handled again; raise maxEntries or share a"
                            + " RedisReplayGuard");
                }
                return true;
            }
        }
        return false;
    }

    /** Drops expired entries from the oldest written on, stopping at the first that still stands. */
    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<String, Entry>> all = entries.entrySet().iterator();
        while (all.hasNext() && !all.next().getValue().expires.isAfter(now)) {
            all.remove();
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryReplayGuard[maxEntries=" + maxEntries + ", ttl=" + ttl + ", claimTimeout=" + claimTimeout
                + ", size=" + entries.size() + "]";
    }
}
