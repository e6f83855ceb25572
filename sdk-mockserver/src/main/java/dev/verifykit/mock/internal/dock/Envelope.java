package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Dock v2 response envelope. */
final class Envelope {

    static final String VERSION = "2.0.0";

    private Envelope() {
    }

    static String success(int status, Object data, String requestId, Map<String, Object> rateLimit, Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("data", data);
        out.put("meta", meta(requestId, rateLimit));
        out.put("timestamp", Timestamps.format(now));
        return Json.write(out);
    }

    static String error(int status, String code, String message, String requestId, Map<String, Object> rateLimit,
                        Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("error", code);
        out.put("message", message);
        out.put("meta", meta(requestId, rateLimit));
        out.put("timestamp", Timestamps.format(now));
        return Json.write(out);
    }

    static Map<String, Object> rateLimit(String scope, int limit, int remaining) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", scope);
        out.put("limit", limit);
        out.put("remaining", Math.max(0, remaining));
        return out;
    }

    private static Map<String, Object> meta(String requestId, Map<String, Object> rateLimit) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("requestId", requestId);
        meta.put("version", VERSION);
        if (rateLimit != null) {
            meta.put("rateLimit", rateLimit);
        }
        return meta;
    }
}
