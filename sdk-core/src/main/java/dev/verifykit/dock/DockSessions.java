package dev.verifykit.dock;

import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Dock v2 verification sessions: {@code client.sessions()}.
 *
 * <pre>{@code
 * DockSession session = dock.sessions().create(params);
 * CompletableFuture<DockSession> done = dock.sessions().awaitCompletionAsync(session.id());
 * }</pre>
 *
 * <p>Every read of a session (a retrieve, each long-poll of a wait, each stream open) is paced at
 * the minimum poll interval and counted against the plan's poll cap, shared by all reads of the
 * session through this client.
 *
 * <p>Every method has a form taking {@link RequestOptions} (extra headers, a timeout, retries, and
 * for a create an idempotency key); the shorter forms are defaults that pass
 * {@link RequestOptions#none()}, so a fake of your own implements only the longest forms.
 */
public interface DockSessions {
    /** {@link #create(CreateSessionParams, RequestOptions)} with no options. */
    default DockSession create(CreateSessionParams params) {
        return create(params, RequestOptions.none());
    }

    /**
     * Creates a session, or returns the pending one for the same pid and client id
     * ({@link DockSession#reusedExisting()}). Carries an {@code Idempotency-Key}, the options' or a
     * generated one, the same on every retry (see it with {@link #withRawResponse()}). Waits for a
     * token of the client-side create bucket (see {@link DockClient.Builder#createTokenWait}), each
     * retry for a token of its own.
     *
     * @throws RateLimitException when no token comes within {@code createTokenWait} or before the
     *     options' timeout; nothing more is sent (a retry that finds none fails with the refusal
     *     before it)
     * @throws dev.verifykit.error.WaitCancelledException when the client is closed, or the thread
     *     interrupted, while the create waits for its token; nothing is sent
     * @throws dev.verifykit.error.StoreUnavailableException when a {@link GuardrailStore} of your own
     *     cannot be reached; nothing is sent
     * @throws dev.verifykit.error.TransportException when the options' timeout passed before the
     *     create could be sent (your listeners told of it, or a store of your own granting its token,
     *     took it: "its timeout passed before it was sent"); nothing is sent
     */
    DockSession create(CreateSessionParams params, RequestOptions options);

    /** {@link #retrieve(String, RequestOptions)} with no options. */
    default DockSession retrieve(String sessionId) {
        return retrieve(sessionId, RequestOptions.none());
    }

    /**
     * Reads a session once, waiting first if the minimum poll interval has not passed.
     *
     * @throws WaitTimeoutException when the options' timeout would pass before the read's turn;
     *     nothing is sent
     * @throws dev.verifykit.error.TransportException when the options' timeout passed before the read
     *     could be sent (your listeners told of it, or a {@link GuardrailStore} of your own answering,
     *     took it: "its timeout passed before it was sent"); nothing is sent
     */
    DockSession retrieve(String sessionId, RequestOptions options);

    /** {@link #retrieve(String, Duration, RequestOptions)} with no options. */
    default DockSession retrieve(String sessionId, Duration wait) {
        return retrieve(sessionId, wait, RequestOptions.none());
    }

    /**
     * Reads a session with a long-poll: the service answers when the session leaves
     * {@code pending} or after {@code wait} (whole seconds, 0 to 25), whichever is first. With a
     * timeout in {@code options}, the hold ends a second before it (as each long-poll of
     * {@link #awaitCompletion} does), counted when the read leaves, after its turn and any wait for a
     * connection, so that a pending session is answered within the call's time.
     *
     * @throws WaitTimeoutException when the options' timeout would pass before the read's turn;
     *     nothing is sent
     * @throws dev.verifykit.error.TransportException when the options' timeout passed before the read
     *     could be sent (your listeners told of it, or a {@link GuardrailStore} of your own answering,
     *     took it: "its timeout passed before it was sent"); nothing is sent
     */
    DockSession retrieve(String sessionId, Duration wait, RequestOptions options);

    /** {@link #awaitCompletion(String, WaitOptions, RequestOptions)} with the defaults. */
    default DockSession awaitCompletion(String sessionId) {
        return awaitCompletion(sessionId, WaitOptions.defaults(), RequestOptions.none());
    }

    /** {@link #awaitCompletion(String, WaitOptions, RequestOptions)} with no request options. */
    default DockSession awaitCompletion(String sessionId, WaitOptions options) {
        return awaitCompletion(sessionId, options, RequestOptions.none());
    }

    /**
     * Waits, blocking, until the session leaves {@code pending}, using long-polls of up to 25 s,
     * and returns it: completed, expired at its lifetime, or in a state this SDK does not know.
     * The request options' headers go on every read and their timeout bounds each read (a long-poll
     * is held until a second before it, counted when the read leaves: one that waited for a free
     * slot of {@code maxConcurrentWaits}, a lookup or a connection is held that much less); how many
     * failures a wait rides out is the wait's
     * ({@link WaitOptions#maxConsecutiveFailures()}).
     *
     * @throws PollCapException when the next read would exceed the plan's poll cap, or the wait's own
     *     {@link WaitOptions#maxRequests()} (the message says which)
     * @throws WaitTimeoutException when the options' timeout or deadline passes first, or, without
     *     them, when the session lifetime and a 5-s grace from the wait's start pass with no answer
     *     telling the session's end (Dock failing at its end)
     * @throws dev.verifykit.error.NotFoundException when Dock no longer keeps the session (404
     *     {@code SESSION_NOT_FOUND}, 410 {@code SESSION_EXPIRED}): the wait ends at once
     */
    DockSession awaitCompletion(String sessionId, WaitOptions options, RequestOptions requestOptions);

    /** {@link #awaitCompletionAsync(String, WaitOptions, RequestOptions)} with the defaults. */
    default CompletableFuture<DockSession> awaitCompletionAsync(String sessionId) {
        return awaitCompletionAsync(sessionId, WaitOptions.defaults(), RequestOptions.none());
    }

    /** {@link #awaitCompletionAsync(String, WaitOptions, RequestOptions)} with no request options. */
    default CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
        return awaitCompletionAsync(sessionId, options, RequestOptions.none());
    }

    /**
     * {@link #awaitCompletion(String, WaitOptions, RequestOptions)} without blocking a thread while
     * waiting. Cancelling the future cancels the read in flight.
     */
    CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options,
            RequestOptions requestOptions);

    /** The same calls, answering with status, headers, request id, rate limits and idempotency key. */
    WithRawResponse withRawResponse();

    /**
     * Sessions followed as their events arrive, read by {@code reader}: the seam a transport of a
     * session's events plugs into. {@code verifykit-sse}'s {@code DockSessionStreams.of(dock)}
     * calls it with its okhttp-sse reader; a client that wraps another delegates it.
     *
     * @throws UnsupportedOperationException from an implementation that cannot stream (the default)
     */
    default SessionStreams streams(EventStreamReader reader, StreamSettings settings) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot stream sessions");
    }

    /**
     * {@link DockSessions}' single calls in raw form.
     *
     * <pre>{@code
     * RawResponse<DockSession> created = dock.sessions().withRawResponse().create(params);
     * store(created.value().id(), created.idempotencyKey().orElseThrow());
     * }</pre>
     */
    interface WithRawResponse {
        /** {@link #create(CreateSessionParams, RequestOptions)} with no options. */
        default RawResponse<DockSession> create(CreateSessionParams params) {
            return create(params, RequestOptions.none());
        }

        /** {@link DockSessions#create(CreateSessionParams, RequestOptions)}, raw. */
        RawResponse<DockSession> create(CreateSessionParams params, RequestOptions options);

        /** {@link #retrieve(String, Duration, RequestOptions)} without a hold and with no options. */
        default RawResponse<DockSession> retrieve(String sessionId) {
            return retrieve(sessionId, Duration.ZERO, RequestOptions.none());
        }

        /** {@link #retrieve(String, Duration, RequestOptions)} without a hold. */
        default RawResponse<DockSession> retrieve(String sessionId, RequestOptions options) {
            return retrieve(sessionId, Duration.ZERO, options);
        }

        /** {@link #retrieve(String, Duration, RequestOptions)} with no options. */
        default RawResponse<DockSession> retrieve(String sessionId, Duration wait) {
            return retrieve(sessionId, wait, RequestOptions.none());
        }

        /** {@link DockSessions#retrieve(String, Duration, RequestOptions)}, raw. */
        RawResponse<DockSession> retrieve(String sessionId, Duration wait, RequestOptions options);
    }
}
