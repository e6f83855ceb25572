package dev.verifykit.event;

import dev.verifykit.poll.WaitProgress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Sees what a client does. Every method does nothing by default: implement those you need. Methods
 * are called on the thread doing the work (the caller's, or the SDK's timer or HTTP threads), so
 * return quickly and do not block. A listener that throws is isolated: the work goes on, the
 * failure is logged at WARNING the first time in each client (logger {@code dev.verifykit.event}),
 * later ones at DEBUG; a listener given to several clients is warned of once by each.
 *
 * <p>One call ({@link CallStart}) is one method of a client, with its attempts and retries; a wait
 * ({@link WaitStart}) is one {@code await…} or stream, made of calls. Events of one call or wait
 * arrive in order; events of different ones may interleave. Give several listeners to a builder
 * (each {@code listener(…)} adds one) or combine them with {@link #of}.
 *
 * <pre>{@code
 * VerifyKitListener retries = new VerifyKitListener() {
 *     @Override public void onRetry(CallStart call, RetryEvent retry) {
 *         log.warn("{} retried after {} ms: {}", call.operation(), retry.delay().toMillis(), retry.reason());
 *     }
 * };
 * }</pre>
 */
public interface VerifyKitListener {
    /** A listener that does nothing. */
    VerifyKitListener NONE = new VerifyKitListener() {};

    /**
     * A call begins (before its first attempt), on the caller's thread. A call refused on a closed
     * client is not told: nothing of it began.
     */
    default void onCallStart(CallStart call) {}

    /**
     * Headers to add to every attempt of {@code call}, such as a trace context's
     * {@code traceparent}; called after {@link #onCallStart}. They cannot replace the credentials,
     * {@code User-Agent} or {@code Idempotency-Key} headers, nor give one the transport sets
     * ({@code Host}, {@code Content-Length}, … as listed at
     * {@link dev.verifykit.http.RequestOptions#headers()}): such a name is ignored. Stream opens
     * carry them too. A header that cannot be sent (a name that is not an HTTP token, a value that
     * is not printable ASCII, or none) is left out and logged as a listener's failure; the others
     * go.
     */
    default Map<String, String> requestHeaders(CallStart call) {
        return Map.of();
    }

    /**
     * Attempt {@code attempt} (1 for the first) of a call is being sent: what came before it (a
     * retry's delay, a wait for a create token) is over. Its end is always told ({@link #onAttempt});
     * when the listeners told of its start took what was left of the call's timeout, the attempt is
     * not sent after all, and ends failed at once ("its timeout passed before it was sent").
     */
    default void onAttemptStart(CallStart call, int attempt) {}

    /**
     * One attempt of a call ended: answered (any status) or failed without an answer (for whatever
     * reason, one the SDK did not expect included: an interceptor of your {@code OkHttpClient} throwing).
     * An attempt cut by its caller (a cancel, {@code close()}, {@code cancelWaits()}), blocking or not,
     * ends with no status and the failure {@code "TransportException"}, before its call's end.
     */
    default void onAttempt(CallStart call, AttemptEnd attempt) {}

    /**
     * An attempt failed and the call tries again: told as the next attempt starts (just before its
     * {@link #onAttemptStart}), once its turn came (a create's token, a read's turn at the session's
     * gate), with the time waited since the failure. A retry the call never makes (its timeout passed,
     * its turn refused, its client closed) is not told: a call of n attempts tells n - 1 retries.
     */
    default void onRetry(CallStart call, RetryEvent retry) {}

    /** A call ended, with its result or failure. */
    default void onCallEnd(CallStart call, CallEnd end) {}

    /** A wait begins: an {@code await…} method, or a session stream. */
    default void onWaitStart(WaitStart wait) {}

    /** A wait made a request and goes on (the same report a {@code WaitOptions} listener gets). */
    default void onWaitProgress(WaitStart wait, WaitProgress progress) {}

    /**
     * A wait ended: completed, timed out, cancelled, stopped at its poll cap, or failed. Its calls
     * have ended by then ({@link #onCallEnd}), its call in flight when it was cancelled (by its caller,
     * by {@code close()}, by {@code cancelWaits()}) included, whether the wait blocks or not.
     */
    default void onWaitEnd(WaitStart wait, WaitEnd end) {}

    /** A session stream's response head arrived: events flow. */
    default void onStreamOpen(StreamEvent stream) {}

    /** A session stream ended, and why. */
    default void onStreamClose(StreamEvent stream, StreamClose close) {}

    /**
     * An attempt of the create {@code call} waits for the create bucket (that attempt is not sent yet);
     * told again for the same attempt each time it has to wait again (see {@link BucketWait}).
     */
    default void onCreateBucketWait(CallStart call, BucketWait wait) {}

    /** A webhook delivery was refused before its handler ran. */
    default void onWebhookRefused(WebhookRefusal refusal) {}

    /**
     * A verified webhook delivery given to {@code WebhookVerifier.handle} was answered: handled, a
     * copy, in progress, its handler failed (the service sends it again), or the replay guard was
     * unreachable. Called on the thread that called {@code handle}, after the handler.
     */
    default void onWebhookOutcome(WebhookDelivery delivery) {}

    /**
     * One listener telling each of {@code listeners} in turn; each is isolated from the others'
     * failures; one given more than once is told once. {@link #requestHeaders} gives the union (a
     * later listener's header wins).
     *
     * @throws dev.verifykit.error.ValidationException when {@code listeners}, or one of them, is null
     */
    static VerifyKitListener of(VerifyKitListener... listeners) {
        return of(listeners == null ? null : Arrays.asList(listeners)); // a null among them is refused by name
    }

    /** {@link #of(VerifyKitListener...)} for a list. */
    static VerifyKitListener of(List<VerifyKitListener> listeners) {
        return dev.verifykit.event.internal.Listeners.of(listeners);
    }
}
