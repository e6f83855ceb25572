package dev.verifykit.opentelemetry;

import static dev.verifykit.opentelemetry.SpanKeys.ATTEMPT;
import static dev.verifykit.opentelemetry.SpanKeys.DELAY_MS;
import static dev.verifykit.opentelemetry.SpanKeys.DURATION_MS;
import static dev.verifykit.opentelemetry.SpanKeys.ERROR_TYPE;
import static dev.verifykit.opentelemetry.SpanKeys.HINT_MS;
import static dev.verifykit.opentelemetry.SpanKeys.OPERATION;
import static dev.verifykit.opentelemetry.SpanKeys.REASON;
import static dev.verifykit.opentelemetry.SpanKeys.REQUEST_ID;
import static dev.verifykit.opentelemetry.SpanKeys.RETRIES;
import static dev.verifykit.opentelemetry.SpanKeys.SERVICE;
import static dev.verifykit.opentelemetry.SpanKeys.STATUS;
import static dev.verifykit.opentelemetry.SpanKeys.STREAM_EVENTS;

import dev.verifykit.error.ValidationException;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.opentelemetry.OpenSpans.Open;
import dev.verifykit.poll.WaitProgress;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Traces VerifyKit with OpenTelemetry: a listener that makes a span of every call and of every wait,
 * and sends the call's trace context on its requests (as {@code traceparent}, through the
 * propagators of the {@link OpenTelemetry} given). It uses only the events of
 * {@link VerifyKitListener}, so it sees no secret: spans are named after endpoint templates, never
 * URLs, and hold no header or body.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder()
 *         .apiKey(System.getenv("DOCK_API_KEY"))
 *         .listener(VerifyKitTracing.create(openTelemetry))
 *         .build();
 * }</pre>
 *
 * <p>What it records (tracer {@value #INSTRUMENTATION_NAME}):
 * <ul>
 *   <li>A call: a {@link SpanKind#CLIENT} span named after its operation ({@code "POST /v2/sessions"}),
 *       child of its wait's span when it is part of a wait, else of the context current when the call
 *       began; attributes {@code verifykit.service}, {@code verifykit.operation},
 *       {@code http.request.method}, {@code server.address}, {@code server.port} (the client's base
 *       URL's), {@code http.response.status_code} (the last answer), {@code verifykit.request_id},
 *       {@code verifykit.retries}, and on failure {@code error.type} (the exception's fully
 *       qualified class name, as OpenTelemetry's conventions ask) with the span's status
 *       {@code ERROR}; a call cancelled (its wait cancelled, its client closed) is no error:
 *       {@code verifykit.cancelled=true}. Each retry is an event {@code verifykit.retry}, added as
 *       its attempt starts (a retry never made is none) ({@code verifykit.attempt},
 *       {@code verifykit.reason}, {@code verifykit.delay_ms} from the failure,
 *       {@code http.response.status_code} when the service refused the attempt and
 *       {@code verifykit.retry_after_ms} when it asked). An attempt of a create that waits for
 *       the create bucket is an event {@code verifykit.create_bucket.wait} ({@code verifykit.attempt},
 *       {@code verifykit.delay_ms}).</li>
 *   <li>A wait ({@code awaitCompletion}, a session stream…): an {@link SpanKind#INTERNAL} span named
 *       after it ({@code "dock.awaitCompletion"}), child of the context current when it began (the
 *       long-polls a session stream goes on with when its opens keep failing, started on one of the
 *       client's threads, are a wait that is a child of the stream's span);
 *       attributes {@code verifykit.service}, {@code verifykit.operation},
 *       {@code verifykit.wait.timeout_ms}, {@code verifykit.wait.poll_cap}, and at its end
 *       {@code verifykit.wait.outcome} ({@code completed}, {@code timed_out}, {@code cancelled},
 *       {@code poll_cap}, {@code request_limit}, {@code failed}), {@code verifykit.wait.attempts},
 *       {@code verifykit.wait.polls_used}; {@code error.type} and status {@code ERROR} when it timed
 *       out, stopped at the session's poll cap or at its own {@code WaitOptions.maxRequests}
 *       ({@code request_limit}: it gave up without its result, as at its own timeout), or failed (a
 *       cancel, a client's close or its caller's completion of its future included, is not an error).
 *       A stream's opens and closes are events on it ({@code verifykit.stream.open} with
 *       {@code verifykit.operation} and the request id, {@code verifykit.stream.close} with
 *       {@code verifykit.reason}, {@code verifykit.stream.events} and {@code verifykit.duration_ms}).</li>
 *   <li>A refused webhook delivery: an event on the span current on the thread
 *       ({@code verifykit.webhook.refused} with {@code verifykit.reason} and
 *       {@code http.response.status_code}), such as your server's span for the webhook request.</li>
 *   <li>What became of a verified webhook delivery given to {@code WebhookVerifier.handle}: an event
 *       on the span current on the thread ({@code verifykit.webhook.outcome} with
 *       {@code verifykit.webhook.outcome} ({@code handled}, {@code already_handled},
 *       {@code in_progress}, {@code handler_failed}, {@code guard_unavailable}),
 *       {@code verifykit.webhook.event_type}, {@code http.response.status_code},
 *       {@code verifykit.duration_ms} when the handler ran, and {@code error.type} when it or the
 *       replay guard failed).</li>
 * </ul>
 *
 * <p>Spans in progress are kept by the event's id until their end is told, at most
 * {@value #MAX_OPEN} calls and as many waits: past that (ends that never came) the oldest is ended
 * with {@code verifykit.unfinished=true} and forgotten, and a warning is logged once (logger
 * {@code dev.verifykit.opentelemetry}); the contexts of the last 1,000 waits
 * ended are kept too, for a wait carrying one on. One instance may serve several clients.
 */
public final class VerifyKitTracing implements VerifyKitListener {
    /** The instrumentation scope's name: the tracer's. */
    public static final String INSTRUMENTATION_NAME = "dev.verifykit.opentelemetry";
    /**
     * The most calls (and, apart, waits) whose spans are kept open at once: above what six clients
     * at their default {@code maxConcurrentWaits} (16,384 on Java 21+) hold in progress, each wait
     * with its read, so that only ends that never came are ever cut.
     */
    public static final int MAX_OPEN = 100_000;

    /**
     * The most ended waits whose contexts are kept, for a wait that carries one on
     * ({@link WaitStart#parentWaitId()}) and starts just after its end.
     */
    private static final int ENDED_WAITS_KEPT = 1_000;

    private static final System.Logger LOG = System.getLogger(INSTRUMENTATION_NAME);

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final OpenSpans calls;
    private final OpenSpans waits;
    private final EndedWaits endedWaits = new EndedWaits(ENDED_WAITS_KEPT);
    private final int maxOpen;
    private final AtomicBoolean evictionLogged = new AtomicBoolean();

    private VerifyKitTracing(OpenTelemetry openTelemetry, int maxOpen) {
        TracerBuilder builder = openTelemetry.tracerBuilder(INSTRUMENTATION_NAME);
        String version = VerifyKitTracing.class.getPackage().getImplementationVersion();
        this.tracer = (version == null ? builder : builder.setInstrumentationVersion(version)).build();
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.maxOpen = maxOpen;
        this.calls = new OpenSpans(maxOpen, this::evicted);
        this.waits = new OpenSpans(maxOpen, this::evicted);
    }

    /**
     * A listener tracing with {@code openTelemetry}'s tracer provider and propagators (W3C trace
     * context when it is configured so; none, and no header, with {@link OpenTelemetry#noop()}).
     *
     * @throws ValidationException when {@code openTelemetry} is null
     */
    public static VerifyKitTracing create(OpenTelemetry openTelemetry) {
        return create(openTelemetry, MAX_OPEN);
    }

    /** {@link #create(OpenTelemetry)} keeping at most {@code maxOpen} spans in progress (tests shrink it). */
    static VerifyKitTracing create(OpenTelemetry openTelemetry, int maxOpen) {
        if (openTelemetry == null) {
            throw new ValidationException("openTelemetry", "must not be null");
        }
        return new VerifyKitTracing(openTelemetry, maxOpen);
    }

    @Override
    public void onCallStart(CallStart call) {
        Open wait = call.waitId().isPresent() ? waits.get(call.waitId().getAsLong()) : null;
        Context parent = wait != null ? wait.context() : Context.current();
        SpanBuilder builder = tracer.spanBuilder(call.operation()).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute(SERVICE, call.service().label()).setAttribute(OPERATION, call.operation());
        call.method().ifPresent(method -> builder.setAttribute(SpanKeys.HTTP_METHOD, method));
        call.serverAddress().ifPresent(host -> builder.setAttribute(SpanKeys.SERVER_ADDRESS, host));
        call.serverPort().ifPresent(port -> builder.setAttribute(SpanKeys.SERVER_PORT, (long) port));
        calls.put(call.id(), opened(builder.startSpan(), parent));
    }

    @Override
    public Map<String, String> requestHeaders(CallStart call) {
        Open open = calls.get(call.id());
        return open == null ? Map.of() : open.headers();
    }

    @Override
    public void onRetry(CallStart call, RetryEvent retry) {
        Open open = calls.get(call.id());
        if (open != null) {
            AttributesBuilder event = Attributes.builder().put(ATTEMPT, retry.attempt()).put(REASON, retry.reason())
                    .put(DELAY_MS, retry.delay().toMillis());
            retry.status().ifPresent(status -> event.put(STATUS, status));
            retry.hint().ifPresent(hint -> event.put(HINT_MS, hint.toMillis()));
            open.span().addEvent(SpanKeys.RETRY_EVENT, event.build());
        }
    }

    @Override
    public void onCallEnd(CallStart call, CallEnd end) {
        Open open = calls.remove(call.id());
        if (open == null) {
            return;
        }
        Span span = open.span().setAttribute(RETRIES, Math.max(0, end.attempts() - 1));
        end.status().ifPresent(status -> span.setAttribute(STATUS, status));
        end.requestId().ifPresent(id -> span.setAttribute(REQUEST_ID, id));
        end.failure().ifPresent(failure -> {
            String type = failure.getClass().getName();
            span.setAttribute(ERROR_TYPE, type).setStatus(StatusCode.ERROR, type);
        });
        if (end.cancelled()) {
            span.setAttribute(SpanKeys.CANCELLED, true); // the caller's doing: no error
        }
        span.end();
    }

    @Override
    public void onWaitStart(WaitStart wait) {
        Context parent = wait.parentWaitId().isPresent() ? waitContext(wait.parentWaitId().getAsLong()) : null;
        if (parent == null) {
            parent = Context.current();
        }
        Span span = tracer.spanBuilder(wait.operation()).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(SERVICE, wait.service().label()).setAttribute(OPERATION, wait.operation()).startSpan();
        wait.timeout().ifPresent(timeout -> span.setAttribute(SpanKeys.WAIT_TIMEOUT_MS, timeout.toMillis()));
        waits.put(wait.id(), new Open(span, parent.with(span), Map.of()));
    }

    @Override
    public void onWaitProgress(WaitStart wait, WaitProgress progress) {
        Open open = waits.get(wait.id());
        if (open != null && progress.pollCap().isPresent()) {
            open.span().setAttribute(SpanKeys.WAIT_POLL_CAP, progress.pollCap().getAsInt());
        }
    }

    @Override
    public void onWaitEnd(WaitStart wait, WaitEnd end) {
        Open open = waits.remove(wait.id());
        if (open == null) {
            return;
        }
        // A wait carrying this one on starts just after its end (a stream's long-polls): the context
        // it made current is kept a while, holding its span by its ids only (not the span's data).
        endedWaits.put(wait.id(), open.context().with(Span.wrap(open.span().getSpanContext())));
        Span span = open.span().setAttribute(SpanKeys.WAIT_OUTCOME, end.outcome().name().toLowerCase(Locale.ROOT))
                .setAttribute(SpanKeys.WAIT_ATTEMPTS, end.attempts()).setAttribute(SpanKeys.WAIT_POLLS_USED, end.pollsUsed());
        end.pollCap().ifPresent(cap -> span.setAttribute(SpanKeys.WAIT_POLL_CAP, cap));
        if (end.outcome() != WaitOutcome.COMPLETED && end.outcome() != WaitOutcome.CANCELLED) {
            // error.type only on a failure (a cancel, a client's close included, is none)
            end.failure().ifPresent(failure -> span.setAttribute(ERROR_TYPE, failure.getClass().getName()));
            span.setStatus(StatusCode.ERROR, end.outcome().name().toLowerCase(Locale.ROOT));
        }
        span.end();
    }

    @Override
    public void onStreamOpen(StreamEvent stream) {
        Open open = waits.get(stream.waitId());
        if (open != null) {
            AttributesBuilder event = Attributes.builder().put(OPERATION, stream.operation());
            stream.requestId().ifPresent(id -> event.put(REQUEST_ID, id));
            open.span().addEvent(SpanKeys.STREAM_OPEN_EVENT, event.build());
        }
    }

    @Override
    public void onStreamClose(StreamEvent stream, StreamClose close) {
        Open open = waits.get(stream.waitId());
        if (open != null) {
            open.span().addEvent(SpanKeys.STREAM_CLOSE_EVENT, Attributes.builder()
                    .put(REASON, close.reason().name().toLowerCase(Locale.ROOT)).put(STREAM_EVENTS, close.events())
                    .put(DURATION_MS, close.duration().toMillis()).build());
        }
    }

    @Override
    public void onCreateBucketWait(CallStart call, BucketWait wait) {
        Open open = calls.get(call.id());
        if (open != null) {
            open.span().addEvent(SpanKeys.BUCKET_WAIT_EVENT, Attributes.builder().put(ATTEMPT, wait.attempt())
                    .put(DELAY_MS, wait.delay().toMillis()).build());
        }
    }

    @Override
    public void onWebhookRefused(WebhookRefusal refusal) {
        AttributesBuilder event = Attributes.builder().put(REASON, refusal.reason());
        refusal.status().ifPresent(status -> event.put(STATUS, status));
        Span.current().addEvent(SpanKeys.WEBHOOK_REFUSED_EVENT, event.build());
    }

    @Override
    public void onWebhookOutcome(WebhookDelivery delivery) {
        AttributesBuilder event = Attributes.builder()
                .put(SpanKeys.WEBHOOK_OUTCOME, delivery.outcome().toLowerCase(Locale.ROOT))
                .put(SpanKeys.WEBHOOK_EVENT_TYPE, delivery.eventType()).put(STATUS, delivery.status());
        delivery.handlerDuration().ifPresent(ran -> event.put(DURATION_MS, ran.toMillis()));
        delivery.failure().ifPresent(failure -> event.put(ERROR_TYPE, failure.getClass().getName()));
        Span.current().addEvent(SpanKeys.WEBHOOK_OUTCOME_EVENT, event.build());
    }

    /** The context a wait's span made current, while the wait is in progress or ended lately; else {@code null}. */
    private Context waitContext(long id) {
        Open open = waits.get(id);
        return open != null ? open.context() : endedWaits.get(id);
    }

    /** Spans kept open now (calls and waits), for tests. */
    int openSpans() {
        return calls.size() + waits.size();
    }

    /** A call's span in progress, with the headers that carry its context. */
    private Open opened(Span span, Context parent) {
        Context context = parent.with(span);
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(context, headers, (carrier, name, value) -> carrier.put(name, value));
        return new Open(span, context, Map.copyOf(headers));
    }

    /** The contexts of the last {@code max} waits ended, by their id. */
    private static final class EndedWaits {
        private final Map<Long, Context> ended;

        EndedWaits(int max) {
            this.ended = new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Context> eldest) {
                    return size() > max;
                }
            };
        }

        synchronized void put(long id, Context context) {
            ended.put(id, context);
        }

        synchronized Context get(long id) {
            return ended.get(id);
        }
    }

    private void evicted() {
        if (evictionLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "more than " + maxOpen + " VerifyKit calls or waits were open at once "
                    + "(their ends never came): the oldest spans were ended as unfinished");
        }
    }
}
