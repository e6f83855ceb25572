package dev.verifykit.poll.internal;

import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.Answer;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A wait's request over HTTP, defined once and sent either way: on the waiting thread for a
 * blocking wait, without blocking for an asynchronous one. Each request is one attempt (the wait,
 * not the transport, decides what is tried again), carries the caller's headers, and its call
 * timeout is the time the wait has left, so that a deadline bounds the call in flight. A long-poll
 * answered "not yet" was held by the service for its whole hold (a change is answered at once), so
 * it reached the service that long before the answer: the session's gate is told so, and the next
 * long-poll follows at once rather than a minimum interval after the answer (unless the answer
 * came sooner than the hold: see {@link Poller.Turn#answeredAfterHold}).
 *
 * @param <T> the wait's result
 */
public final class HttpAttempt<T> implements Poller.Attempt<T> {
    /** Reads one answer: the result, or not yet. */
    @FunctionalInterface
    public interface Reading<T> {
        Poller.Step<T> read(ApiResponse response);
    }

    /** {@link RequestOptions#none()} for one attempt. */
    private static final RequestOptions ONE_ATTEMPT = RequestOptions.builder().maxRetries(0).build();

    private final HttpTransport transport;
    private final RequestOptions options;
    private final BiFunction<Integer, Duration, ApiRequest> requests;
    private final Reading<T> reading;
    private final Function<Integer, Poller.Step<T>> shortcut;
    private final LongFunction<T> atSessionsDeadline;

    private HttpAttempt(HttpTransport transport, RequestOptions options, BiFunction<Integer, Duration, ApiRequest> requests,
            Reading<T> reading, Function<Integer, Poller.Step<T>> shortcut, LongFunction<T> atSessionsDeadline) {
        this.transport = transport;
        this.options = options;
        this.requests = requests;
        this.reading = reading;
        this.shortcut = shortcut;
        this.atSessionsDeadline = atSessionsDeadline;
    }

    /**
     * @param options the caller's options: their headers go on every request (checked now:
     *     {@link HttpTransport#checkHeaders}), their timeout bounds each
     * @param requests the request of attempt {@code number} with {@code remaining} time left ({@code null}: no deadline)
     * @param reading what an answer means
     */
    public static <T> HttpAttempt<T> of(HttpTransport transport, RequestOptions options,
            BiFunction<Integer, Duration, ApiRequest> requests, Reading<T> reading) {
        return new HttpAttempt<>(transport, transport.checkHeaders(options), requests, reading, number -> null,
                deadline -> null);
    }

    /** This attempt, answered without a request when {@code shortcut} gives a step (not {@code null}). */
    public HttpAttempt<T> unless(Function<Integer, Poller.Step<T>> shortcut) {
        return new HttpAttempt<>(transport, options, requests, reading, shortcut, atSessionsDeadline);
    }

    /**
     * This attempt, whose wait ends with what {@code outcome} gives for the time it stops (a reading of
     * the scheduler's {@code nanoTime}) when the session's deadline stops it (see {@link
     * Poller.Attempt#atSessionsDeadline}; {@code null}: unknown).
     */
    public HttpAttempt<T> endingAs(LongFunction<T> outcome) {
        return new HttpAttempt<>(transport, options, requests, reading, shortcut, outcome);
    }

    @Override
    public T atSessionsDeadline(long nowNanos) {
        return atSessionsDeadline.apply(nowNanos);
    }

    @Override
    public CompletableFuture<Poller.Step<T>> run(Poller.Turn turn) {
        int number = turn.number();
        Duration remaining = turn.remaining();
        Poller.Step<T> known = shortcut(turn);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        ApiRequest request = requests.apply(number, remaining).withSendBy(turn.sendBy());
        return transport.sendAsync(request, within(options, remaining), turn.waitId(),
                response -> read(turn, response));
    }

    @Override
    public CompletableFuture<Poller.Step<T>> runBlocking(Poller.Turn turn) {
        int number = turn.number();
        Duration remaining = turn.remaining();
        try {
            Poller.Step<T> known = shortcut(turn);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
            ApiRequest request = requests.apply(number, remaining).withSendBy(turn.sendBy());
            // a wait's request, whether or not the listener was told of the wait (turn.waitId() 0): cancelWaits() ends it
            return CompletableFuture.completedFuture(transport.sendInWait(request, within(options, remaining), turn.waitId(),
                    response -> read(turn, response)));
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The shortcut's step for {@code turn}, or {@code null} to send the request; a step given or thrown sent nothing. */
    private Poller.Step<T> shortcut(Poller.Turn turn) {
        Poller.Step<T> known;
        try {
            known = shortcut.apply(turn.number());
        } catch (RuntimeException | Error e) {
            turn.sentNothing();
            throw e;
        }
        if (known != null) {
            turn.sentNothing();
        }
        return known;
    }

    /**
     * One request sent as {@link Poller#once} sends it: through the plan's gate, retried by the plan
     * (each attempt alone, {@code maxRetries(0)}) as many times as the options' {@code maxRetries}, else
     * the client's retry policy, allows, told to the client's listener as one call.
     *
     * @param reading what a successful answer holds
     */
    public static <R> Answer<R> once(HttpTransport transport, WaitPlan plan, ApiRequest request,
            RequestOptions options, Function<ApiResponse, R> reading) {
        // as every call of the transport: refused on a closed client before its listeners hear of it
        transport.lifecycle().checkOpen(request.endpoint());
        transport.checkHeaders(options); // before the gate: a read refused for its options is not counted
        // the options' timeout bounds the whole call: the gate's wait, every attempt and the backoff between
        int tries = options.maxRetries().orElse(transport.settings().retryPolicy().maxRetries());
        WaitPlan call = plan.forCall(options.timeout(), tries, request.endpoint());
        return Poller.once(call, transport.trace(request, 0), turn -> {
            ApiResponse response = transport.send(request.withSendBy(turn.sendBy()), within(options, turn.remaining()),
                    turn.trace());
            return new Answer<>(request, response, turn.number(), reading.apply(response));
        });
    }

    private Poller.Step<T> read(Poller.Turn turn, ApiResponse response) {
        Poller.Step<T> step = reading.read(response);
        // the hold the read asked for as it left, which waiting to leave may have shortened
        if (step instanceof Poller.Pending<T> && !response.held().isZero()) {
            turn.answeredAfterHold(response.held(), response.sentNanos());
        }
        return step;
    }

    /** The caller's options for one attempt: no retries of its own, and no longer than the wait has left. */
    private static RequestOptions within(RequestOptions options, Duration remaining) {
        // a deadline further off than a timeout can be (a session lifetime near the longest, and its grace)
        // is no sooner a limit of the attempt than the longest timeout, which the options take
        Duration left = remaining == null ? null : Require.capped(remaining);
        boolean shorten = left != null && options.timeout().map(t -> t.compareTo(left) > 0).orElse(true);
        if (!shorten) {
            // the usual case (no options, no deadline): nothing to change, so nothing built per attempt
            if (options == RequestOptions.none()) {
                return ONE_ATTEMPT;
            }
            OptionalInt retries = options.maxRetries();
            if (retries.isPresent() && retries.getAsInt() == 0) {
                return options;
            }
        }
        RequestOptions.Builder one = options.toBuilder().maxRetries(0);
        if (shorten) {
            one.timeout(left);
        }
        return one.build();
    }
}
