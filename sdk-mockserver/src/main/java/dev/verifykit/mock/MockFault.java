package dev.verifykit.mock;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A way for the mock to break on purpose, applied by a {@link MockFaultRule} to the requests it
 * matches (or, for the {@code webhook-…} kinds, to the mock's own webhook deliveries).
 *
 * <pre>{@code
 * server.faults().add("POST", "/dock/v2/sessions", MockFault.resetBeforeResponse(true), 1);
 * server.faults().add("GET", "/dock/v2/sessions/*", MockFault.respond(429).withHeader("Retry-After", "1"), 2);
 * server.faults().add("GET", "/dock/v2/sessions/{@literal *}/stream", MockFault.dropStreamAfter(1), 1);
 * }</pre>
 *
 * <p>Whether the service handles the request first ("processed") depends on the kind: see
 * {@link Kind}. {@link #toString()} is the compact syntax of {@code --fault} and {@code POST /_mock/faults}.
 */
public final class MockFault {

    /** What the fault does, and whether the request is processed by the service first. */
    public enum Kind {
        /** Close the connection before any response byte. Processed only with {@code processed=true}. */
        RESET_BEFORE_RESPONSE("reset-before-response"),
        /** Processed; the head and half the body (a stream: its first event) are sent, then the connection closes. */
        RESET_MID_BODY("reset-mid-body"),
        /** Processed; only the first {@code keep} bytes (default half) are sent, with a matching Content-Length. Not for streams. */
        TRUNCATE_BODY("truncate-body"),
        /** Processed; the response head is sent {@code delay} late. */
        DELAY_HEAD("delay-head"),
        /** Processed; the body is sent at most {@code bytes} per {@code period}. */
        THROTTLE_BODY("throttle-body"),
        /** Not processed; answered with {@code status}, {@code body} and {@code headers} instead. */
        RESPOND("respond"),
        /** Streams only, processed; the connection closes after {@code events} session events. */
        DROP_STREAM("drop-stream"),
        /** Streams only, processed; after {@code events} session events nothing more is sent (no keep-alive) until the stream maximum, then the connection closes. */
        STALL_STREAM("stall-stream"),
        /** Webhooks: the attempt is not sent and counts as failed (retried as usual). */
        WEBHOOK_FAIL("webhook-fail"),
        /** Webhooks: the delivery is abandoned, with no more attempts. */
        WEBHOOK_DROP("webhook-drop"),
        /** Webhooks: the attempt is sent {@code delay} late. */
        WEBHOOK_DELAY("webhook-delay"),
        /** Webhooks: the attempt is sent twice, the same bytes. */
        WEBHOOK_DUPLICATE("webhook-duplicate");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name in the compact syntax, e.g. {@code reset-before-response}. */
        public String label() {
            return label;
        }

        /** Whether this kind acts on webhook deliveries rather than on received requests. */
        public boolean webhook() {
            return label.startsWith("webhook-");
        }

        /** Whether this kind applies only to event streams. */
        public boolean streamOnly() {
            return this == DROP_STREAM || this == STALL_STREAM;
        }

        /** The kind named {@code label}. */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown fault kind '" + label + "'");
        }
    }

    private final Kind kind;
    private final boolean processed;
    private final Duration delay;
    private final long bytes;
    private final Duration period;
    private final int status;
    private final String body;
    private final Map<String, String> headers;
    private final int events;
    private final int keep;

    private MockFault(Kind kind, boolean processed, Duration delay, long bytes, Duration period, int status, String body,
                      Map<String, String> headers, int events, int keep) {
        this.kind = kind;
        this.processed = processed;
        this.delay = delay;
        this.bytes = bytes;
        this.period = period;
        this.status = status;
        this.body = body;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.events = events;
        this.keep = keep;
    }

    private static MockFault of(Kind kind) {
        return new MockFault(kind, false, null, 0, null, 0, null, Map.of(), 0, -1);
    }

    /** Closes the connection before answering; {@code processed} says whether the service handled the request first. */
    public static MockFault resetBeforeResponse(boolean processed) {
        return new MockFault(Kind.RESET_BEFORE_RESPONSE, processed, null, 0, null, 0, null, Map.of(), 0, -1);
    }

    /** Sends the head and half the body (a stream: its first event), then closes the connection. */
    public static MockFault resetMidBody() {
        return of(Kind.RESET_MID_BODY);
    }

    /** Sends the first half of the body with a Content-Length saying that is all. */
    public static MockFault truncateBody() {
        return of(Kind.TRUNCATE_BODY);
    }

    /** Sends the first {@code keepBytes} bytes of the body with a Content-Length saying that is all. */
    public static MockFault truncateBody(int keepBytes) {
        if (keepBytes < 0) {
            throw new IllegalArgumentException("keep must be at least 0: " + keepBytes);
        }
        return new MockFault(Kind.TRUNCATE_BODY, true, null, 0, null, 0, null, Map.of(), 0, keepBytes);
    }

    /** Sends the response head {@code delay} late (after the service answered). */
    public static MockFault delayHead(Duration delay) {
        return new MockFault(Kind.DELAY_HEAD, true, positive("delay", delay), 0, null, 0, null, Map.of(), 0, -1);
    }

    /** Sends the body at most {@code bytes} per {@code period}. */
    public static MockFault throttleBody(long bytes, Duration period) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1: " + bytes);
        }
        return new MockFault(Kind.THROTTLE_BODY, true, null, bytes, positive("period", period), 0, null, Map.of(), 0, -1);
    }

    /**
     * Answers {@code status} without processing the request, with the service's usual error body
     * (Dock's v2 envelope with a request id, tRPC's error shape, Dokai's {@code {"error":{…}}}).
     */
    public static MockFault respond(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100 to 599: " + status);
        }
        return new MockFault(Kind.RESPOND, false, null, 0, null, status, null, Map.of(), 0, -1);
    }

    /** Closes a stream's connection after {@code events} session events (0: right after {@code retry:}). */
    public static MockFault dropStreamAfter(int events) {
        return new MockFault(Kind.DROP_STREAM, true, null, 0, null, 0, null, Map.of(), atLeastZero(events), -1);
    }

    /** Stops sending anything on a stream, keep-alives included, after {@code events} session events. */
    public static MockFault stallStreamAfter(int events) {
        return new MockFault(Kind.STALL_STREAM, true, null, 0, null, 0, null, Map.of(), atLeastZero(events), -1);
    }

    /** A webhook attempt that is not sent and counts as failed; the usual retries follow. */
    public static MockFault webhookFail() {
        return of(Kind.WEBHOOK_FAIL);
    }

    /** A webhook delivery that is abandoned without further attempts. */
    public static MockFault webhookDrop() {
        return of(Kind.WEBHOOK_DROP);
    }

    /** A webhook attempt sent {@code delay} late. */
    public static MockFault webhookDelay(Duration delay) {
        return new MockFault(Kind.WEBHOOK_DELAY, false, positive("delay", delay), 0, null, 0, null, Map.of(), 0, -1);
    }

    /** A webhook attempt sent twice with the same bytes (and signature scheme). */
    public static MockFault webhookDuplicate() {
        return of(Kind.WEBHOOK_DUPLICATE);
    }

    /** A {@link Kind#RESPOND} fault with this body instead of the service's error body. */
    public MockFault withBody(String value) {
        requireRespond();
        return new MockFault(kind, processed, delay, bytes, period, status, Objects.requireNonNull(value, "body"),
                headers, events, keep);
    }

    /** A {@link Kind#RESPOND} fault with this header too, e.g. {@code Retry-After: 2} or an HTTP date. */
    public MockFault withHeader(String name, String value) {
        requireRespond();
        if (name == null || name.isBlank() || value == null) {
            throw new IllegalArgumentException("a header needs a name and a value");
        }
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(name, value);
        return new MockFault(kind, processed, delay, bytes, period, status, body, next, events, keep);
    }

    public Kind kind() { return kind; }

    /** Whether the service handles the request before the fault acts (see {@link Kind}). */
    public boolean processed() {
        return switch (kind) {
            case RESET_BEFORE_RESPONSE -> processed;
            case RESPOND, WEBHOOK_FAIL, WEBHOOK_DROP, WEBHOOK_DELAY, WEBHOOK_DUPLICATE -> false;
            default -> true;
        };
    }

    /** {@link Kind#DELAY_HEAD} and {@link Kind#WEBHOOK_DELAY}: how late; else {@code null}. */
    public Duration delay() { return delay; }

    /** {@link Kind#THROTTLE_BODY}: bytes per {@link #period()}; else 0. */
    public long bytes() { return bytes; }

    /** {@link Kind#THROTTLE_BODY}: the period; else {@code null}. */
    public Duration period() { return period; }

    /** {@link Kind#RESPOND}: the status; else 0. */
    public int status() { return status; }

    /** {@link Kind#RESPOND}: the body, or {@code null} for the service's error body. */
    public String body() { return body; }

    /** {@link Kind#RESPOND}: extra response headers. */
    public Map<String, String> headers() { return headers; }

    /** {@link Kind#DROP_STREAM} and {@link Kind#STALL_STREAM}: session events sent first. */
    public int events() { return events; }

    /** {@link Kind#TRUNCATE_BODY}: bytes kept, or -1 for half the body. */
    public int keep() { return keep; }

    /** The compact syntax, e.g. {@code reset-before-response processed=true}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(kind.label);
        switch (kind) {
            case RESET_BEFORE_RESPONSE -> out.append(" processed=").append(processed);
            case TRUNCATE_BODY -> {
                if (keep >= 0) {
                    out.append(" keep=").append(keep);
                }
            }
            case DELAY_HEAD, WEBHOOK_DELAY -> out.append(" delay=").append(millis(delay));
            case THROTTLE_BODY -> out.append(" bytes=").append(bytes).append(" period=").append(millis(period));
            case RESPOND -> {
                out.append(" status=").append(status);
                headers.forEach((n, v) -> out.append(" header=").append(quote(n + ":" + v)));
                if (body != null) {
                    out.append(" body=").append(quote(body));
                }
            }
            case DROP_STREAM, STALL_STREAM -> out.append(" events=").append(events);
            default -> { }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MockFault f && f.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private void requireRespond() {
        if (kind != Kind.RESPOND) {
            throw new IllegalStateException("only a respond fault has a body and headers");
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    private static String quote(String text) {
        return text.matches("[^\\s'\"]+") ? text : "'" + text.replace("'", "''") + "'";
    }

    private static Duration positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    private static int atLeastZero(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("events must be at least 0: " + events);
        }
        return events;
    }
}
