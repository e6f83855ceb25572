package dev.verifykit.webhook.internal;

import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Claims and handled deliveries in one map, each with its expiry, in the order they were last
 * written; when full, the oldest entry is forgotten first.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    private final int maxEntries;
    private final Duration ttl;
    private final Duration claimTimeout;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

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

    private void put(String key, Entry entry, Instant now) {
        entries.remove(key);
        entries.put(key, entry);
        forgetExpired(now);
        if (entries.size() > maxEntries) {
            Iterator<String> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
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
