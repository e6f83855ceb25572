package dev.verifykit.dokai;

import dev.verifykit.error.PollCapException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.poll.WaitOptions;
import java.util.concurrent.CompletableFuture;

/**
 * Hosted verification sessions: {@code dokai.verifySessions()}.
 *
 * <pre>{@code
 * KycSession session = dokai.verifySessions().create(CreateKycSessionParams.builder()
 *         .webhookUrl("https://hooks.example.com/dokai").build());
 * redirect(session.url().orElseThrow());
 * }</pre>
 */
public interface VerifySessions {
    /** Creates a session ({@code POST /v1/verify/session}, 201). Not retried once it may have arrived. */
    KycSession create(CreateKycSessionParams params);

    /** {@link #create(CreateKycSessionParams)} with per-call options. */
    KycSession create(CreateKycSessionParams params, RequestOptions options);

    /** Reads a session once ({@code GET /v1/verify/session/{id}}), retried on transient failures like every read. */
    KycSession retrieve(String sessionId);

    /** {@link #awaitResult(String, WaitOptions)} with the defaults. */
    KycSession awaitResult(String sessionId);

    /**
     * Polls, blocking, until the session is {@code verified}, {@code unverified}, {@code failed} or
     * {@code expired}, backing off from 2 s to 30 s between reads (the client's settings), and
     * returns it. Dokai has no long-poll, so a webhook is the faster way to hear of an outcome.
     *
     * @throws WaitTimeoutException when the options' deadline or the session's {@code expires_at} passes first
     * @throws PollCapException when the options' request limit is reached first
     */
    KycSession awaitResult(String sessionId, WaitOptions options);

    /** {@link #awaitResultAsync(String, WaitOptions)} with the defaults. */
    CompletableFuture<KycSession> awaitResultAsync(String sessionId);

    /** {@link #awaitResult(String, WaitOptions)} without blocking a thread; cancelling stops it. */
    CompletableFuture<KycSession> awaitResultAsync(String sessionId, WaitOptions options);
}
