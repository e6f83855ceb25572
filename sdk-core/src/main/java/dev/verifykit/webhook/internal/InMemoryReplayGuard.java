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
 * written. An entry is forgotten only once it expired: forgetting a handled delivery sooner would let
 * a copy of it be handled again, and forgetting a claim would let a copy be handled beside it. So
 * when all {@code maxEntries} stand, a new key is refused with a {@link StoreUnavailableException}
 * (the verifier answers 503 with {@code Retry-After}, and the service sends it again later) until one expires.
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

    /**
     * Writes an entry; a new key when all {@code maxEntries} are taken by entries still standing is
     * refused, and nothing is changed.
     */
    private void put(String key, Entry entry, Instant now) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.values().removeIf(standing -> !standing.expires.isAfter(now));
            if (entries.size() >= maxEntries) {
                throw new StoreUnavailableException(Service.DOKAI, "the in-memory replay guard is full: its " + maxEntries
                        + " entries (maxEntries) are all within their time to live (" + ttl + ") or claim timeout ("
                        + claimTimeout + "); a new delivery is refused until one expires", null);
            }
        }
        entries.remove(key);
        entries.put(key, entry);
        forgetExpired(now);
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
