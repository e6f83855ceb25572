package dev.verifykit.http.internal;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.internal.Listeners;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;

/**
 * The events of one call, told to the client's listener: its start, each attempt, each retry and
 * its end (told once, whatever ends it). When nobody listens, {@link #OFF} builds no event at all.
 * A call's attempts are sequential (each starts after the previous one ended), so one trace is
 * used by one thread at a time; nothing but the end is told once it ended (a cancelled call's attempt
 * may report its failure later, on OkHttp's thread). An attempt told started is told ended once: by
 * its own end, or, when the call ends first (cut by its caller, its client's close, or a failure
 * outside the attempt), by the call's end, just before it ({@link #ended(VerifyKitException)}); when
 * the attempt's own end takes it first, on OkHttp's thread, just as the call ends on another, that
 * end may come just after the call's (neither thread waits for the other: a listener blocked in one
 * event must not hold the other thread). A
 * retry is told as the attempt it makes starts, so that every retry told was made (see
 * {@link #retrying}).
 *
 * <pre>{@code
 * CallTrace trace = CallTrace.begin(listener, scheduler, service, "GET /v2/sessions/{id}", waitId, "GET", baseUrl);
 * trace.attemptStarted();
 * trace.attemptEnded(response, null);
 * trace.ended(null);
 * }</pre>
 */
public final class CallTrace {
    /** The trace of a call nobody listens to. */
    public static final CallTrace OFF = new CallTrace(null, null, null, 0);

    private final VerifyKitListener listener;
    private final Scheduler scheduler;
    private final CallStart start;
    private final long startNanos;
    /**
     * {@link #IDLE}, {@link #ATTEMPT_OPEN} or {@link #ENDED}: whether an attempt told started awaits its
     * end, and whether the call ended. The attempt's thread and one ending the call (a cancel, a close)
     * race for an open attempt's end; the one that takes it tells it, the other tells nothing of it.
     */
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    /** Set when an attempt was cut by the call's caller: its end is then a cancellation, not a failure. */
    private volatile boolean cancelled;
    private long attemptNanos;
    private int attempts;
    private Integer lastStatus;
    private String lastRequestId;
    /** The failure the call will try again after, told with the next attempt's start; {@code null}: none. */
    private VerifyKitException pendingRetry;
    private long failedNanos;

    private static final int IDLE = 0;
    private static final int ATTEMPT_OPEN = 1;
    private static final int ENDED = 2;

    private CallTrace(VerifyKitListener listener, Scheduler scheduler, CallStart start, long startNanos) {
        this.listener = listener;
        this.scheduler = scheduler;
        this.start = start;
        this.startNanos = startNanos;
    }

    /**
     * Begins the trace of a call and tells the listener.
     *
     * @param operation the endpoint as a template without ids
     * @param waitId the wait the call is part of, or 0 for none
     * @param method the HTTP method of its requests
     * @param server the base URL its requests go to
     */
    public static CallTrace begin(VerifyKitListener listener, Scheduler scheduler, Service service, String operation,
            long waitId, String method, HttpUrl server) {
        if (listener == VerifyKitListener.NONE) {
            return OFF;
        }
        // the call's time starts before its listeners hear of it, as its timeout does (CallEnd.duration)
        long startNanos = scheduler.nanoTime();
        CallStart start = CallStart.builder().id(Listeners.nextId()).service(service).operation(operation)
                .waitId(waitId == 0 ? OptionalLong.empty() : OptionalLong.of(waitId)).method(method)
                .serverAddress(server.host()).serverPort(server.port()).build();
        listener.onCallStart(start);
        return new CallTrace(listener, scheduler, start, startNanos);
    }

    /** The headers the listener adds to the call's requests (a trace context). */
    public Map<String, String> headers() {
        return start == null ? Map.of() : listener.requestHeaders(start);
    }

    /**
     * The next attempt's turn came (its delay over, a create's token taken, a read's turn at its gate
     * given): the retry it makes, when it is one, is told now (once), with the time since the failure.
     * {@link #attemptStarted} tells it too, when it was not told yet.
     */
    public void attemptAdmitted() {
        VerifyKitException failure = pendingRetry;
        if (start != null && failure != null && phase.get() != ENDED) {
            pendingRetry = null;
            ApiException refusal = failure instanceof ApiException api ? api : null;
            listener.onRetry(start, RetryEvent.builder().attempt(attempts).reason(reason(failure))
                    .status(refusal == null ? OptionalInt.empty() : OptionalInt.of(refusal.httpStatus()))
                    .delay(Duration.ofNanos(scheduler.nanoTime() - failedNanos))
                    .hint(refusal == null ? Optional.empty() : refusal.retryAfter()).build());
        }
    }

    /**
     * An attempt begins: after the retry it makes, when it is one ({@link #attemptAdmitted}). Not
     * told once the call ended (a cancel that came as it was being sent: the attempt is cut).
     */
    public void attemptStarted() {
        if (start != null) {
            attemptAdmitted();
            attempts++;
            attemptNanos = scheduler.nanoTime();
            if (phase.compareAndSet(IDLE, ATTEMPT_OPEN)) {
                listener.onAttemptStart(start, attempts);
            }
        }
    }

    /** The attempt ended with an answer (any status; {@code failure} for a refusal) or a failure. */
    public void attemptEnded(ApiResponse response, VerifyKitException failure) {
        if (start != null) {
            attemptEnded(response != null ? Integer.valueOf(response.status()) : null,
                    response != null ? response.requestId() : null, failure);
        }
    }

    /**
     * The attempt ended with {@code status} ({@code null} when no answer came; a refusal's status, or a
     * malformed answer's, is also read from {@code failure}) and the service's {@code requestId} ({@code null}: none).
     */
    public void attemptEnded(Integer status, String requestId, VerifyKitException failure) {
        if (start == null || !phase.compareAndSet(ATTEMPT_OPEN, IDLE)) {
            return; // a cancelled call's attempt may report its failure after the call ended, which told it
        }
        Integer answered = status != null ? status : answered(failure);
        if (answered != null) {
            lastStatus = answered; // an attempt with no answer leaves the last one's, beside its request id
        }
        if (requestId == null && failure != null) {
            requestId = failure.requestId().orElse(null);
        }
        if (requestId != null) {
            lastRequestId = requestId;
        }
        tellAttemptEnd(answered, requestId, typeOf(failure));
    }

    /**
     * The status of the answer {@code failure} was made of: a refusal's, or that of an answer not in
     * the API's shape (a body past {@code maxResponseBytes}, not read); {@code null} when none came.
     */
    private static Integer answered(VerifyKitException failure) {
        return failure instanceof ApiException api ? Integer.valueOf(api.httpStatus())
                : failure instanceof MalformedResponseException malformed ? Integer.valueOf(malformed.httpStatus()) : null;
    }

    private static String typeOf(VerifyKitException failure) {
        return failure == null ? null : failure.getClass().getSimpleName();
    }

    private void tellAttemptEnd(Integer status, String requestId, String failure) {
        listener.onAttempt(start, AttemptEnd.builder().number(attempts).status(optional(status))
                .requestId(Optional.ofNullable(requestId)).duration(Duration.ofNanos(scheduler.nanoTime() - attemptNanos))
                .failure(Optional.ofNullable(failure)).build());
    }

    /**
     * The attempt that ended last failed with {@code failure}, and the call will try again. The retry
     * is told when the next attempt's turn comes ({@link #attemptAdmitted}), with the time from now to
     * then (its backoff, and any wait for its turn: the create bucket, the session's read gate); not
     * at all when the call ends first (the turn refused or past the timeout, the client closed): no
     * retry was made. A failure outside an attempt (a guardrail store out of reach before the first,
     * or before the retry already due) adds none: a retry is of the attempt that ended last.
     */
    public void retrying(VerifyKitException failure) {
        if (start != null && phase.get() != ENDED && attempts > 0 && pendingRetry == null) {
            pendingRetry = failure;
            failedNanos = scheduler.nanoTime();
        }
    }

    /**
     * Attempt {@code attempt} (from 1) of a create waits {@code delay} for the create bucket
     * before it is sent.
     */
    public void bucketWait(int attempt, Duration delay) {
        if (start != null && phase.get() != ENDED) {
            listener.onCreateBucketWait(start, BucketWait.builder().service(start.service()).attempt(attempt)
                    .delay(delay).build());
        }
    }

    /**
     * The call ended: succeeded when {@code failure} is {@code null}. Told once; later ends are ignored.
     * An attempt still open (its answer or failure not told yet: cut by a cancel, a close) is told ended
     * first, with no status and as failed: a cut one as the transport tells a blocking attempt its caller
     * cut ({@code TransportException}), else with the call's failure.
     */
    public void ended(VerifyKitException failure) {
        end(failure, false);
    }

    /**
     * The call ended with {@code error} ({@code null}: it succeeded), as a future completes: a
     * cancellation is told as one (no failure), a {@link VerifyKitException} (unwrapped) as it is,
     * anything else as the unexpected failure the caller receives.
     */
    public void ended(Throwable error) {
        if (start == null) {
            return;
        }
        Throwable cause = error == null ? null : Futures.unwrap(error);
        if (cause instanceof CancellationException) {
            end(null, true);
        } else {
            end(cause == null ? null : Unexpected.wrap(start.service(), start.operation(), cause), false);
        }
    }

    /**
     * The attempt in flight, or the wait for the next, was cut by the call's caller (its thread
     * interrupted, its client closed, its future cancelled): the call's end is a cancellation.
     */
    public void cancelled() {
        cancelled = true;
    }

    private void end(VerifyKitException failure, boolean cancel) {
        if (start == null) {
            return;
        }
        int was = phase.getAndSet(ENDED);
        if (was == ENDED) {
            return;
        }
        boolean cancelled = cancel || this.cancelled || failure instanceof WaitCancelledException;
        if (cancelled) {
            failure = null;
        }
        if (was == ATTEMPT_OPEN) {
            tellAttemptEnd(null, null, cancelled ? CUT : typeOf(failure));
        }
        listener.onCallEnd(start, CallEnd.builder().attempts(attempts)
                .duration(Duration.ofNanos(scheduler.nanoTime() - startNanos)).status(optional(lastStatus))
                .requestId(Optional.ofNullable(lastRequestId)).failure(Optional.ofNullable(failure))
                .cancelled(cancelled).build());
    }

    /** The failure an attempt cut by its caller is told ended with: the transport's for a cut attempt. */
    private static final String CUT = TransportException.class.getSimpleName();

    /** A failure as a short reason without secrets: {@code "HTTP 503 UNAVAILABLE"}, or its type's name. */
    public static String reason(VerifyKitException failure) {
        return failure instanceof ApiException api
                ? "HTTP " + api.httpStatus() + api.code().map(c -> " " + c).orElse("")
                : failure.getClass().getSimpleName();
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
