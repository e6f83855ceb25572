package dev.verifykit.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spans of the calls or waits in progress, by their event id, at most {@code max} of them. An
 * entry leaves when its end is told; when a new one would pass the bound (ends that never came),
 * the oldest is ended as unfinished and forgotten, so nothing grows without bound.
 */
final class OpenSpans {
    /** A span in progress, the context it makes current for its children, and the headers that carry it. */
    record Open(Span span, Context context, Map<String, String> headers) {}

    private final int max;
    private final Map<Long, Open> open = new LinkedHashMap<>();
    private final Runnable onEvict;

    OpenSpans(int max, Runnable onEvict) {
        this.max = max;
        this.onEvict = onEvict;
    }

    void put(long id, Open span) {
        Open evicted = null;
        synchronized (open) {
            open.put(id, span);
            if (open.size() > max) {
                Iterator<Open> oldest = open.values().iterator();
                evicted = oldest.next();
                oldest.remove();
            }
        }
        if (evicted != null) {
            // Ended outside the lock: ending may export at once (a simple span processor).
            evicted.span().setAttribute(SpanKeys.UNFINISHED, true)
                    .setStatus(StatusCode.ERROR, "its end was never told").end();
            onEvict.run();
        }
    }

    /** The span of {@code id} in progress, or {@code null}. */
    Open get(long id) {
        synchronized (open) {
            return open.get(id);
        }
    }

    /** The span of {@code id}, no longer in progress, or {@code null} when it is not (or no longer) kept. */
    Open remove(long id) {
        synchronized (open) {
            return open.remove(id);
        }
    }

    int size() {
        synchronized (open) {
            return open.size();
        }
    }
}
