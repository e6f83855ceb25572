package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** First answers to creates that carried an {@code Idempotency-Key}, scoped per API key. */
final class IdempotencyStore {

    /**
     * A fingerprint of the request body (compared with a replay's) and the creation it got. Not the
     * body: with a body of up to 64 KiB each, the entries of a day's quotas came to gigabytes.
     */
    record Entry(String bodyFingerprint, Creation creation) {
    }

    /**
     * The SHA-256, in hex, of a parsed JSON body written with every object's names in order: two
     * bodies have the same fingerprint when they are the same JSON whatever their names' order and
     * spacing (as {@code equals} of the parsed bodies said before). A number past a double's range is
     * written as its name, {@code "Infinity"} or {@code "-Infinity"}.
     */
    static String fingerprint(Object body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(sorted(body)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((name, item) -> out.put(String.valueOf(name), sorted(item)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(IdempotencyStore::sorted).toList();
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            return number.toString(); // a number past a double's range (JSON has no infinity to write)
        }
        return value;
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
