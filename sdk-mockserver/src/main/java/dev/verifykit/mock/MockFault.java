package dev.verifykit.mock;

import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.settings.Check;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A way for the mock to break on purpose, applied by a {@link MockFaultRule} to the requests it
 * matches (or, for the {@link Webhook} kinds, to the mock's own webhook deliveries). Each kind is a
 * record with just its options; the factory methods build them.
 *
 * <pre>{@code
 * server.faults().add("POST", "/dock/v2/sessions", MockFault.resetBeforeResponse(true), 1);
 * server.faults().add("GET", "/dock/v2/sessions/*", MockFault.respond(429).withHeader("Retry-After", "1"), 2);
 * server.faults().add("GET", "/dock/v2/sessions/{@literal *}/stream", MockFault.dropStreamAfter(1), 1);
 * }</pre>
 *
 * <p>Whether the service handles the request first is {@link #processed()}. {@code toString()} is
 * the compact syntax of {@code --fault} and {@code POST /_mock/faults}, e.g.
 * {@code reset-before-response processed=true}.
 */
public sealed interface MockFault {

    /** The kind's name in the compact syntax, e.g. {@code reset-before-response}. */
    String kind();

    /** Whether the service handles the request, with all its effects, before the fault acts. */
    default boolean processed() {
        return true;
    }

    /** Closes the connection before answering; {@code processed} says whether the service handled the request first. */
    static ResetBeforeResponse resetBeforeResponse(boolean processed) {
        return new ResetBeforeResponse(processed);
    }

    /** Sends the head and half the body (a stream: its first event), then closes the connection. */
    static ResetMidBody resetMidBody() {
        return new ResetMidBody();
    }

    /** Sends the first half of the body with a Content-Length saying that is all. */
    static TruncateBody truncateBody() {
        return new TruncateBody(null);
    }

    /** Sends the first {@code keepBytes} bytes of the body with a Content-Length saying that is all. */
    static TruncateBody truncateBody(int keepBytes) {
        return new TruncateBody(keepBytes);
    }

    /** Sends the response head {@code delay} late (after the service answered). */
    static DelayHead delayHead(Duration delay) {
        return new DelayHead(delay);
    }

    /** Sends the body at most {@code bytes} per {@code period}. */
    static ThrottleBody throttleBody(long bytes, Duration period) {
        return new ThrottleBody(bytes, period);
    }

    /**
     * Answers {@code status} without processing the request, with the service's usual error body
     * (Dock's v2 envelope with a request id, tRPC's error shape, Dokai's {@code {"error":{…}}}).
     */
    static Respond respond(int status) {
        return new Respond(status, Map.of(), null);
    }

    /** Closes a stream's connection after {@code events} session events (0: right after {@code retry:}). */
    static DropStream dropStreamAfter(int events) {
        return new DropStream(events);
    }

    /** Stops sending anything on a stream, keep-alives included, after {@code events} session events. */
    static StallStream stallStreamAfter(int events) {
        return new StallStream(events);
    }

    /** A webhook attempt that is not sent and counts as failed; the usual retries follow. */
    static WebhookFail webhookFail() {
        return new WebhookFail();
    }

    /** A webhook delivery that is abandoned without further attempts. */
    static WebhookDrop webhookDrop() {
        return new WebhookDrop();
    }

    /** A webhook attempt sent {@code delay} late. */
    static WebhookDelay webhookDelay(Duration delay) {
        return new WebhookDelay(delay);
    }

    /** A webhook attempt sent twice with the same bytes (and signature scheme). */
    static WebhookDuplicate webhookDuplicate() {
        return new WebhookDuplicate();
    }

    /**
     * The connection closes before any response byte (a FIN: OkHttp reports "unexpected end of
     * stream"). Compact syntax {@code reset-before-response [processed=BOOL]}.
     *
     * <pre>{@code
     * MockFault.resetBeforeResponse(true)   // the session is made, the answer is lost
     * }</pre>
     *
     * @param processed whether the service handles the request first
     */
    record ResetBeforeResponse(boolean processed) implements MockFault {
        @Override public String kind() { return "reset-before-response"; }
        @Override public String toString() { return kind() + " processed=" + processed; }
    }

    /**
     * Processed; the head and half the body (a stream: its first event) are sent, then the
     * connection closes. Compact syntax {@code reset-mid-body}.
     *
     * <pre>{@code
     * MockFault.resetMidBody()
     * }</pre>
     */
    record ResetMidBody() implements MockFault {
        @Override public String kind() { return "reset-mid-body"; }
        @Override public String toString() { return kind(); }
    }

    /**
     * Processed; a complete response whose body is cut, with a matching Content-Length: malformed
     * JSON. Not for streams. Compact syntax {@code truncate-body [keep=N]}.
     *
     * <pre>{@code
     * MockFault.truncateBody(10)
     * }</pre>
     *
     * @param keep the bytes kept, or {@code null} for half the body
     */
    record TruncateBody(Integer keep) implements MockFault {
        /** Checks {@code keep} is at least 0 when given. */
        public TruncateBody {
            if (keep != null) {
                Check.atLeast("keep", keep, 0);
            }
        }

        @Override public String kind() { return "truncate-body"; }
        @Override public String toString() { return keep == null ? kind() : kind() + " keep=" + keep; }
    }

    /**
     * Processed; the response head is sent {@code delay} after the service answered. Compact
     * syntax {@code delay-head delay=DURATION}.
     *
     * <pre>{@code
     * MockFault.delayHead(Duration.ofSeconds(3))
     * }</pre>
     *
     * @param delay how late, positive
     */
    record DelayHead(Duration delay) implements MockFault {
        /** Checks the delay is positive. */
        public DelayHead {
            Check.positive("delay", delay);
        }

        @Override public String kind() { return "delay-head"; }
        @Override public String toString() { return kind() + " delay=" + millis(delay); }
    }

    /**
     * Processed; the body trickles at most {@code bytes} per {@code period}. Compact syntax
     * {@code throttle-body bytes=N [period=DURATION]}.
     *
     * <pre>{@code
     * MockFault.throttleBody(16, Duration.ofSeconds(1))
     * }</pre>
     *
     * @param bytes bytes per period, at least 1
     * @param period the period, positive
     */
    record ThrottleBody(long bytes, Duration period) implements MockFault {
        /** Checks both values. */
        public ThrottleBody {
            Check.atLeast("bytes", bytes, 1);
            Check.positive("period", period);
        }

        @Override public String kind() { return "throttle-body"; }
        @Override public String toString() { return kind() + " bytes=" + bytes + " period=" + millis(period); }
    }

    /**
     * Not processed; answered with {@code status}, the extra {@code headers}, and {@code body} or
     * the service's own error shape. Compact syntax
     * {@code respond status=N [header=Name:value …] [body=TEXT]}.
     *
     * <pre>{@code
     * MockFault.respond(429).withHeader("Retry-After", "1")
     * }</pre>
     *
     * @param status the status, 200 to 599 (a 1xx is no final answer)
     * @param headers extra response headers, in order; not {@code Content-Length} or {@code Transfer-Encoding},
     *                which frame the body and are the mock's to set
     * @param body the body, or {@code null} for the service's error body (none with 204, 205 and 304, which
     *             have no body and take none)
     */
    record Respond(int status, Map<String, String> headers, String body) implements MockFault {
        /** Checks the status, the headers and the body, and keeps an unmodifiable copy of the headers. */
        public Respond {
            Check.between("status", status, 200, 599);
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            headers.forEach(Respond::checkHeader);
            if (body != null && !Reply.hasBody(status)) {
                throw new IllegalArgumentException("body must be absent with status " + status + ", which has no body");
            }
        }

        /**
         * A header the mock can send: a name of visible ASCII without {@code ':'}, a value of
         * printable ASCII or tabs. (Refused when the fault is made: at its first match it failed
         * the answer, and the request hung.)
         */
        private static void checkHeader(String name, String value) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new IllegalArgumentException("a header name must be visible ASCII, without spaces or ':'");
            }
            if (value == null || !value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("the value of header " + name + " must be printable ASCII");
            }
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new IllegalArgumentException("header " + name + " is the mock's to set: it frames the body");
            }
        }

        /** This fault with {@code value} as the body instead of the service's error body. */
        public Respond withBody(String value) {
            return new Respond(status, headers, Objects.requireNonNull(value, "body"));
        }

        /** This fault with this header too, e.g. {@code Retry-After: 2} or an HTTP date. */
        public Respond withHeader(String name, String value) {
            if (name == null || name.isBlank() || value == null) {
                throw new IllegalArgumentException("a header needs a name and a value");
            }
            Map<String, String> next = new LinkedHashMap<>(headers);
            next.put(name, value);
            return new Respond(status, next, body);
        }

        @Override public boolean processed() { return false; }
        @Override public String kind() { return "respond"; }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(kind()).append(" status=").append(status);
            headers.forEach((n, v) -> out.append(" header=").append(quote(n + ":" + v)));
            return body == null ? out.toString() : out.append(" body=").append(quote(body)).toString();
        }
    }

    /**
     * A fault that acts on event streams only ({@code GET /dock/v2/sessions/{id}/stream}): after
     * {@code events} session events the stream ends or falls silent.
     *
     * <pre>{@code
     * MockFault.Stream fault = MockFault.dropStreamAfter(1);
     * }</pre>
     */
    sealed interface Stream extends MockFault {
        /** The session events sent before the fault acts. */
        int events();
    }

    /**
     * Processed; the stream ends without its closing chunk after {@code events} session events.
     * Compact syntax {@code drop-stream [events=K]}.
     *
     * <pre>{@code
     * MockFault.dropStreamAfter(0)   // right after retry:
     * }</pre>
     *
     * @param events the session events sent first, at least 0
     */
    record DropStream(int events) implements Stream {
        /** Checks {@code events} is at least 0. */
        public DropStream {
            Check.atLeast("events", events, 0);
        }

        @Override public String kind() { return "drop-stream"; }
        @Override public String toString() { return kind() + " events=" + events; }
    }

    /**
     * Processed; after {@code events} session events nothing more is sent, not even keep-alives,
     * until the stream maximum, then the connection closes. Compact syntax {@code stall-stream [events=K]}.
     *
     * <pre>{@code
     * MockFault.stallStreamAfter(1)
     * }</pre>
     *
     * @param events the session events sent first, at least 0
     */
    record StallStream(int events) implements Stream {
        /** Checks {@code events} is at least 0. */
        public StallStream {
            Check.atLeast("events", events, 0);
        }

        @Override public String kind() { return "stall-stream"; }
        @Override public String toString() { return kind() + " events=" + events; }
    }

    /**
     * A fault that acts on the mock's webhook deliveries rather than on received requests; a rule
     * with one matches the path of the delivery's URL.
     *
     * <pre>{@code
     * MockFault.Webhook fault = MockFault.webhookFail();
     * }</pre>
     */
    sealed interface Webhook extends MockFault {
        /** Never: a webhook fault acts on an outgoing delivery, not on a request the service handles. */
        @Override
        default boolean processed() {
            return false;
        }
    }

    /**
     * The attempt is not sent and counts as failed; retried as usual. Compact syntax {@code webhook-fail}.
     *
     * <pre>{@code
     * MockFault.webhookFail()
     * }</pre>
     */
    record WebhookFail() implements Webhook {
        @Override public String kind() { return "webhook-fail"; }
        @Override public String toString() { return kind(); }
    }

    /**
     * The delivery is abandoned, with no more attempts. Compact syntax {@code webhook-drop}.
     *
     * <pre>{@code
     * MockFault.webhookDrop()
     * }</pre>
     */
    record WebhookDrop() implements Webhook {
        @Override public String kind() { return "webhook-drop"; }
        @Override public String toString() { return kind(); }
    }

    /**
     * The attempt goes out {@code delay} late. Compact syntax {@code webhook-delay delay=DURATION}.
     *
     * <pre>{@code
     * MockFault.webhookDelay(Duration.ofMillis(800))
     * }</pre>
     *
     * @param delay how late, positive
     */
    record WebhookDelay(Duration delay) implements Webhook {
        /** Checks the delay is positive. */
        public WebhookDelay {
            Check.positive("delay", delay);
        }

        @Override public String kind() { return "webhook-delay"; }
        @Override public String toString() { return kind() + " delay=" + millis(delay); }
    }

    /**
     * The attempt is sent twice, the same bytes; the first copy's answer decides about retries.
     * Compact syntax {@code webhook-duplicate}.
     *
     * <pre>{@code
     * MockFault.webhookDuplicate()
     * }</pre>
     */
    record WebhookDuplicate() implements Webhook {
        @Override public String kind() { return "webhook-duplicate"; }
        @Override public String toString() { return kind(); }
    }

    /** In milliseconds when whole, else in ISO-8601 ({@code PT0.0005S}): both read back as the same duration. */
    private static String millis(Duration d) {
        return d.getNano() % 1_000_000 == 0 ? d.toMillis() + "ms" : d.toString();
    }

    private static String quote(String text) {
        return text.matches("[^\\s'\"]+") ? text : "'" + text.replace("'", "''") + "'";
    }
}
