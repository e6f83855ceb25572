package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Timestamps;
import java.time.Instant;
import java.util.Map;

/** The Dock v2 response envelope. */
final class Envelope {

    static final String VERSION = "2.0.0";

    private Envelope() {
    }

    static String success(int status, Object data, String requestId, RateLimit rateLimit, Instant now) {
        return Json.write(Json.object("status", status, "data", data, "meta", meta(requestId, rateLimit),
                "timestamp", Timestamps.format(now)));
    }

    static String error(int status, String code, String message, String requestId, RateLimit rateLimit,
                        Instant now) {
        return Json.write(Json.object("status", status, "error", code, "message", message,
                "meta", meta(requestId, rateLimit), "timestamp", Timestamps.format(now)));
    }

    private static Map<String, Object> meta(String requestId, RateLimit rateLimit) {
        Map<String, Object> meta = Json.object("requestId", requestId, "version", VERSION);
        if (rateLimit != null) {
            meta.put("rateLimit", Json.object("scope", rateLimit.scope(), "limit", rateLimit.limit(),
                    "remaining", Math.max(0, rateLimit.remaining())));
        }
        return meta;
    }
}
