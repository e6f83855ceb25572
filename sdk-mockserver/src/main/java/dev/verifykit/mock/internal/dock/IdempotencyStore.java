package dev.verifykit.mock.internal.dock;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** First answers to creates that carried an {@code Idempotency-Key}, scoped per API key. */
final class IdempotencyStore {

    /** The parsed request body (compared with a replay's) and the creation it got. */
    record Entry(Object body, Creation creation) {
    }

    private final Duration ttl;
    private final Map<String, Entry> entries = new HashMap<>();

    IdempotencyStore(Duration ttl) {
        this.ttl = ttl;
    }

    Entry find(String apiKey, String key, Instant now) {
        Entry entry = entries.get(scope(apiKey, key));
        if (entry != null && expired(entry, now)) {
            entries.remove(scope(apiKey, key));
            return null;
        }
        return entry;
    }

    void store(String apiKey, String key, Entry entry) {
        entries.put(scope(apiKey, key), entry);
    }

    void sweep(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), now)) {
                it.remove();
            }
        }
    }

    void clear() {
        entries.clear();
    }

    private boolean expired(Entry entry, Instant now) {
        return !now.isBefore(entry.creation().at().plus(ttl));
    }

    private static String scope(String apiKey, String key) {
        return apiKey + '\n' + key;
    }
}
