package dev.verifykit.dokai;

import dev.verifykit.error.PollCapException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.RawResponse;
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
 *
 * <p>Every method has a form taking {@link RequestOptions}; the shorter forms are defaults that
 * pass {@link RequestOptions#none()}, so a fake of your own implements only the longest forms.
 */
public interface VerifySessions {
    /** {@link #create(CreateKycSessionParams, RequestOptions)} with no options. */
    default KycSession create(CreateKycSessionParams params) {
        return create(params, RequestOptions.none());
    }

    /**
     * Creates a session ({@code POST /v1/verify/session}, 201). Not retried once it may have
     * arrived: Dokai documents no idempotency, so options carrying an idempotency key are refused
     * (a {@code ValidationException} naming {@code idempotencyKey}, nothing sent).
     */
    KycSession create(CreateKycSessionParams params, RequestOptions options);

    /** {@link #retrieve(String, RequestOptions)} with no options. */
    default KycSession retrieve(String sessionId) {
        return retrieve(sessionId, RequestOptions.none());
    }

    /** Reads a session once ({@code GET /v1/verify/session/{id}}), retried on transient failures like every read. */
    KycSession retrieve(String sessionId, RequestOptions options);

    /** {@link #awaitResult(String, WaitOptions, RequestOptions)} with the defaults. */
    default KycSession awaitResult(String sessionId) {
        return awaitResult(sessionId, WaitOptions.defaults(), RequestOptions.none());
    }

    /** {@link #awaitResult(String, WaitOptions, RequestOptions)} with no request options. */
    default KycSession awaitResult(String sessionId, WaitOptions options) {
        return awaitResult(sessionId, options, RequestOptions.none());
    }

    /**
     * Polls, blocking, until the session is {@code verified}, {@code unverified}, {@code failed} or
     * {@code expired}, backing off from 2 s to 30 s between reads (the client's settings), and
     * returns it. A read after a failed one (a 503, a timeout, a {@code Retry-After: 0}) starts no
     * sooner than the client's minimum after the failed one started: 1 s, or the initial poll interval
     * when that is shorter. Dokai has no long-poll, so a webhook is the faster way to hear of an outcome. The
     * request options' headers go on every read and their timeout bounds each read.
     *
     * @throws WaitTimeoutException when the options' deadline passes first, or when the session's
     *     {@code expires_at} (and a 5-s grace) has passed and a read made after it still gave no
     *     outcome (a session that ends between two reads is read once more: Dokai's answer decides,
     *     {@code expired} included). The expiry is read on Dokai's clock, as its answers' {@code Date}
     *     shows; a session already past its {@code expires_at} when first read, yet answered
     *     {@code pending}, ends the wait so only when that {@code Date} shows it, by at most a year
     *     (without one, with one more than a day from the local clock, or past by more, the answer is
     *     taken to contradict itself and the wait goes on to its deadline); the deadline is the
     *     options' or the client's bound ({@link DokaiClient.Builder#sessionLifetime}), whichever is sooner
     * @throws PollCapException when the options' request limit is reached first
     */
    KycSession awaitResult(String sessionId, WaitOptions options, RequestOptions requestOptions);

    /** {@link #awaitResultAsync(String, WaitOptions, RequestOptions)} with the defaults. */
    default CompletableFuture<KycSession> awaitResultAsync(String sessionId) {
        return awaitResultAsync(sessionId, WaitOptions.defaults(), RequestOptions.none());
    }

    /** {@link #awaitResultAsync(String, WaitOptions, RequestOptions)} with no request options. */
    default CompletableFuture<KycSession> awaitResultAsync(String sessionId, WaitOptions options) {
        return awaitResultAsync(sessionId, options, RequestOptions.none());
    }

    /** {@link #awaitResult(String, WaitOptions, RequestOptions)} without blocking a thread; cancelling stops it. */
    CompletableFuture<KycSession> awaitResultAsync(String sessionId, WaitOptions options, RequestOptions requestOptions);

    /** The same calls, answering with status, headers and request id. */
    WithRawResponse withRawResponse();

    /**
     * {@link VerifySessions}' single calls in raw form.
     *
     * <pre>{@code
     * RawResponse<KycSession> created = dokai.verifySessions().withRawResponse().create(params);
     * log.info("created {} (request {})", created.value().id(), created.requestId().orElse("-"));
     * }</pre>
     */
    interface WithRawResponse {
        /** {@link #create(CreateKycSessionParams, RequestOptions)} with no options. */
        default RawResponse<KycSession> create(CreateKycSessionParams params) {
            return create(params, RequestOptions.none());
        }

        /** {@link VerifySessions#create(CreateKycSessionParams, RequestOptions)}, raw. */
        RawResponse<KycSession> create(CreateKycSessionParams params, RequestOptions options);

        /** {@link #retrieve(String, RequestOptions)} with no options. */
        default RawResponse<KycSession> retrieve(String sessionId) {
            return retrieve(sessionId, RequestOptions.none());
        }

        /** {@link VerifySessions#retrieve(String, RequestOptions)}, raw. */
        RawResponse<KycSession> retrieve(String sessionId, RequestOptions options);
    }
}
