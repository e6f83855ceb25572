package dev.verifykit.webhook.internal;

import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers delivery keys for a time to live, in insertion order; when full, the oldest key is
 * forgotten first.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    private final int maxEntries;
    private final Duration ttl;
    private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

    public InMemoryReplayGuard(int maxEntries, Duration ttl) {
        this.maxEntries = maxEntries;
        this.ttl = ttl;
    }

    @Override
    public synchronized boolean firstSeen(String deliveryKey, Instant now) {
        forgetExpired(now);
        if (expiries.containsKey(deliveryKey)) {
            return false;
        }
        expiries.put(deliveryKey, now.plus(ttl));
        if (expiries.size() > maxEntries) {
            Iterator<String> oldest = expiries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<String, Instant>> entries = expiries.entrySet().iterator();
        while (entries.hasNext() && !entries.next().getValue().isAfter(now)) {
            entries.remove();
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryReplayGuard[maxEntries=" + maxEntries + ", ttl=" + ttl + ", size=" + expiries.size() + "]";
    }
}
