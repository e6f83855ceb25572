package dev.verifykit.micrometer;

import dev.verifykit.error.ValidationException;
import dev.verifykit.event.AttemptEnd;
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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * VerifyKit's metrics in a Micrometer {@link MeterRegistry}: a listener that counts and times what
 * clients do from their events. Tags are low-cardinality: the service ({@code dock}), the operation
 * as a template ({@code "GET /v2/sessions/{id}"}, {@code "dock.awaitCompletion"}), statuses, outcomes
 * and type names; never an id, a URL or a secret.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder()
 *         .apiKey(System.getenv("DOCK_API_KEY"))
 *         .listener(VerifyKitMetrics.create(meterRegistry))
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code verifykit.calls}</td><td>timer</td><td>service, operation, outcome ({@code success},
 *       {@code failure}, {@code cancelled}: its wait cancelled or its client closed), status (last HTTP status, or {@code none}), error (the exception's simple name,
 *       its class's name without the package for an anonymous class, or {@code none})</td><td>each call of a client method, retries included</td></tr>
 *   <tr><td>{@code verifykit.retries}</td><td>counter</td><td>service, operation, reason ({@code HTTP 503},
 *       {@code HTTP 429}, {@code TransportException}…)</td><td>each retry of an attempt within one call (a
 *       wait's read made again after a failed one is a new call, the failed one a {@code failure} of
 *       {@code verifykit.calls})</td></tr>
 *   <tr><td>{@code verifykit.refusals}</td><td>counter</td><td>service, operation, status (4xx)</td>
 *       <td>each attempt the service answered with a 4xx status, 429 included</td></tr>
 *   <tr><td>{@code verifykit.waits}</td><td>timer</td><td>service, operation, outcome ({@code completed},
 *       {@code timed_out}, {@code cancelled}, {@code poll_cap}, {@code request_limit}: stopped at its own
 *       {@code WaitOptions.maxRequests}, {@code failed})</td><td>each wait, from its start to its end</td></tr>
 *   <tr><td>{@code verifykit.waits.active}</td><td>gauge</td><td>service, operation</td><td>waits in
 *       progress</td></tr>
 *   <tr><td>{@code verifykit.poll.cap.stops}</td><td>counter</td><td>service, operation</td><td>waits
 *       stopped before the session's poll cap (not those stopped at their own {@code WaitOptions.maxRequests})</td></tr>
 *   <tr><td>{@code verifykit.streams.closed}</td><td>counter</td><td>service, reason ({@code completed},
 *       {@code server_closed}, {@code broken}, {@code cancelled})</td><td>each session stream that closed</td></tr>
 *   <tr><td>{@code verifykit.create.bucket.waits}</td><td>timer</td><td>service</td><td>each wait of a
 *       create's attempt for the create bucket, and how long it was planned (an attempt that waits again,
 *       its token taken by a client sharing the store, is recorded again)</td></tr>
 *   <tr><td>{@code verifykit.webhook.refusals}</td><td>counter</td><td>reason ({@code NO_MATCHING_SIGNATURE},
 *       {@code TIMESTAMP_OUTSIDE_TOLERANCE}…; {@code WebhookServlet}'s {@code BODY_TIMEOUT},
 *       {@code BODIES_BUDGET_FULL}, {@code BODY_UNREAD}, {@code SERVLET_DESTROYED})</td><td>each webhook
 *       delivery refused before its handler ran (the servlet's 408 and 503 answers included)</td></tr>
 *   <tr><td>{@code verifykit.webhook.deliveries}</td><td>counter</td><td>outcome ({@code handled},
 *       {@code already_handled}, {@code in_progress}, {@code handler_failed}, {@code guard_unavailable})</td>
 *       <td>each verified webhook delivery given to {@code WebhookVerifier.handle}</td></tr>
 *   <tr><td>{@code verifykit.webhook.handler}</td><td>timer</td><td>outcome ({@code handled},
 *       {@code handler_failed}), error (the simple name of what the handler threw,
 *       as for {@code verifykit.calls}, or {@code none})</td><td>each run of a
 *       webhook handler, and how long</td></tr>
 * </table>
 *
 * <p>One instance may serve all your clients (and {@code WebhookVerifier}s) of a registry; several
 * instances on one registry (one per client, or a new one after an application context restarted
 * with the registry kept) share its count of waits in progress. It keeps no state per call, only
 * one count per wait operation and registry for that gauge, kept as long as the registry is.
 */
public final class VerifyKitMetrics implements VerifyKitListener {
    private static final String NONE = "none";
    /**
     * The counts of waits in progress, per registry: a registry's gauge reads the count it was
     * registered with, so every instance on that registry must count into that one.
     */
    private static final Map<MeterRegistry, Map<Tags, ActiveWaits>> ACTIVE_WAITS =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final MeterRegistry registry;
    private final Map<Tags, ActiveWaits> activeWaits;

    private VerifyKitMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.activeWaits = ACTIVE_WAITS.computeIfAbsent(registry, VerifyKitMetrics::watchRemovals);
    }

    /**
     * A registry's counts of waits in progress, each told when the registry removes its gauge (an
     * application's {@code remove} or {@code clear}), so that the next wait registers it again.
     */
    private static Map<Tags, ActiveWaits> watchRemovals(MeterRegistry registry) {
        Map<Tags, ActiveWaits> counts = new ConcurrentHashMap<>();
        registry.config().onMeterRemoved(meter -> counts.values().forEach(active -> active.removed(meter)));
        return counts;
    }

    /** One wait operation's count of waits in progress on one registry, and the gauge reading it. */
    private static final class ActiveWaits {
        final AtomicInteger count = new AtomicInteger();
        // The gauge's id as the registry's filters made it, null while none is registered. Its id, not the gauge:
        // a meter may refer to registries (a composite's to its children), and this is kept as long as the registry.
        private Meter.Id gauge;

        synchronized void registerUnlessHeld(MeterRegistry registry, Tags tags) {
            if (gauge == null) {
                gauge = Gauge.builder("verifykit.waits.active", count, AtomicInteger::get)
                        .description("Waits in progress").tags(tags).register(registry).getId();
            }
        }

        synchronized void removed(Meter meter) {
            if (meter.getId().equals(gauge)) {
                gauge = null;
            }
        }
    }

    /**
     * A listener recording into {@code registry}.
     *
     * @throws ValidationException when {@code registry} is null
     */
    public static VerifyKitMetrics create(MeterRegistry registry) {
        if (registry == null) {
            throw new ValidationException("registry", "must not be null");
        }
        return new VerifyKitMetrics(registry);
    }

    private static Tags of(CallStart call) {
        return Tags.of("service", call.service().label(), "operation", call.operation());
    }

    private static Tags of(WaitStart wait) {
        return Tags.of("service", wait.service().label(), "operation", wait.operation());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void onAttempt(CallStart call, AttemptEnd attempt) {
        int status = attempt.status().orElse(0);
        if (status >= 400 && status < 500) {
            Counter.builder("verifykit.refusals").description("Attempts the service refused with a 4xx status")
                    .tags(of(call)).tag("status", Integer.toString(status)).register(registry).increment();
        }
    }

    @Override
    public void onRetry(CallStart call, RetryEvent retry) {
        Counter.builder("verifykit.retries").description("Attempts that failed and were tried again")
                .tags(of(call)).tag("reason", reasonTag(retry)).register(registry).increment();
    }

    @Override
    public void onCallEnd(CallStart call, CallEnd end) {
        Timer.builder("verifykit.calls").description("Calls of client methods, retries included")
                .tags(of(call)).tag("outcome", end.succeeded() ? "success" : end.cancelled() ? "cancelled" : "failure")
                .tag("status", end.status().isPresent() ? Integer.toString(end.status().getAsInt()) : NONE)
                .tag("error", end.failure().map(VerifyKitMetrics::errorTag).orElse(NONE))
                .register(registry).record(end.duration());
    }

    @Override
    public void onWaitStart(WaitStart wait) {
        countActive(of(wait), 1);
    }

    @Override
    public void onWaitEnd(WaitStart wait, WaitEnd end) {
        Tags tags = of(wait);
        countActive(tags, -1);
        Timer.builder("verifykit.waits").description("Waits (await methods and session streams) by how they ended")
                .tags(tags).tag("outcome", lower(end.outcome())).register(registry).record(end.duration());
        if (end.outcome() == WaitOutcome.POLL_CAP) {
            Counter.builder("verifykit.poll.cap.stops").description("Waits stopped before the session's poll cap")
                    .tags(tags).register(registry).increment();
        }
    }

    @Override
    public void onStreamClose(StreamEvent stream, StreamClose close) {
        Counter.builder("verifykit.streams.closed").description("Session streams closed, by why")
                .tag("service", stream.service().label()).tag("reason", lower(close.reason()))
                .register(registry).increment();
    }

    @Override
    public void onCreateBucketWait(CallStart call, BucketWait wait) {
        Timer.builder("verifykit.create.bucket.waits").description("Creates that waited for the create bucket")
                .tag("service", wait.service().label()).register(registry).record(wait.delay());
    }

    @Override
    public void onWebhookRefused(WebhookRefusal refusal) {
        Counter.builder("verifykit.webhook.refusals").description("Webhook deliveries refused before their handler ran")
                .tag("reason", refusal.reason()).register(registry).increment();
    }

    @Override
    public void onWebhookOutcome(WebhookDelivery delivery) {
        String outcome = delivery.outcome().toLowerCase(Locale.ROOT);
        Counter.builder("verifykit.webhook.deliveries").description("Verified webhook deliveries, by what became of them")
                .tag("outcome", outcome).register(registry).increment();
        delivery.handlerDuration().ifPresent(ran -> Timer.builder("verifykit.webhook.handler")
                .description("Runs of webhook handlers").tag("outcome", outcome)
                .tag("error", delivery.failure().map(VerifyKitMetrics::errorTag).orElse(NONE))
                .register(registry).record(ran));
    }

    /**
     * Adds {@code delta} to one wait operation's count of waits in progress, then registers its gauge
     * unless it is registered: counted first (a registration that fails loses no start or end, and is
     * tried again at the next use), and registered again after the registry removed it, as the other
     * meters come back at their next use. Whether it is held is known from the registry's removals,
     * not looked up: a lookup walks every meter of the registry, and misses a gauge whose name or tags a
     * {@code MeterFilter} changed. (Registered again while held, a gauge has Micrometer log that it "has
     * been already registered": at WARNING once, then at DEBUG each time.)
     */
    private void countActive(Tags tags, int delta) {
        // The map holds the count strongly, for as long as the registry lives: the registry keeps only a weak
        // reference to it.
        ActiveWaits active = activeWaits.computeIfAbsent(tags, t -> new ActiveWaits());
        active.count.addAndGet(delta);
        active.registerUnlessHeld(registry, tags); // the instances of one registry share it: one of them registers
    }

    /**
     * A failure's simple class name; for a class without one (anonymous: {@code getSimpleName()} is
     * empty) its name without the package ({@code MyHandler$1}), so the tag always names a type.
     */
    static String errorTag(Throwable failure) {
        Class<?> type = failure.getClass();
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String name = type.getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * A retry's reason without what varies beyond a few values: the status of a refusal
     * ({@code "HTTP 429"}, not the service's error code), else the failure's type name.
     */
    static String reasonTag(RetryEvent retry) {
        return retry.status().isPresent() ? "HTTP " + retry.status().getAsInt() : retry.reason();
    }
}
