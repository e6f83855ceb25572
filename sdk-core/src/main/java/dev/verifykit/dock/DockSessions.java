package dev.verifykit.dock;

import dev.verifykit.error.PollCapException;
import dev.verifykit.error.WaitTimeoutException;
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
 */
public interface DockSessions {
    /**
     * Creates a session, or returns the pending one for the same pid and client id
     * ({@link DockSession#reusedExisting()}). Carries a generated {@code Idempotency-Key}, the same
     * on every retry, shown in {@link DockSession#idempotencyKey()}. Waits for a token of the
     * client-side create bucket (see {@link DockClient.Builder#createTokenWait}).
     */
    DockSession create(CreateSessionParams params);

    /** {@link #create(CreateSessionParams)} with per-call options, e.g. your own idempotency key. */
    DockSession create(CreateSessionParams params, RequestOptions options);

    /** Reads a session once, waiting first if the minimum poll interval has not passed. */
    DockSession retrieve(String sessionId);

    /**
     * Reads a session with a long-poll: the service answers when the session leaves
     * {@code pending} or after {@code wait} (whole seconds, 0 to 25), whichever is first.
     */
    DockSession retrieve(String sessionId, Duration wait);

    /** {@link #awaitCompletion(String, WaitOptions)} with the defaults. */
    DockSession awaitCompletion(String sessionId);

    /**
     * Waits, blocking, until the session leaves {@code pending}, using long-polls of up to 25 s,
     * and returns it: completed, expired at its lifetime, or in a state this SDK does not know.
     *
     * @throws PollCapException when the next read would exceed the plan's poll cap
     * @throws WaitTimeoutException when the options' timeout or deadline passes first
     */
    DockSession awaitCompletion(String sessionId, WaitOptions options);

    /** {@link #awaitCompletionAsync(String, WaitOptions)} with the defaults. */
    CompletableFuture<DockSession> awaitCompletionAsync(String sessionId);

    /**
     * {@link #awaitCompletion(String, WaitOptions)} without blocking a thread while waiting.
     * Cancelling the future cancels the read in flight.
     */
    CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options);
}
