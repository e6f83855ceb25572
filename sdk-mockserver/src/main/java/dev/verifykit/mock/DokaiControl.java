package dev.verifykit.mock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the person going through a Dokai hosted verification (and Dokai's processing) would do,
 * done by a test: move a session through its steps, finish it with an outcome, expire it, and
 * watch the webhook deliveries. The same operations are served over HTTP under {@code /_mock/dokai}.
 *
 * <pre>{@code
 * String id = ...; // from POST /dokai/v1/verify/session with a webhook_url
 * server.dokai().advance(id);                      // document_uploaded
 * server.dokai().advance(id);                      // processing
 * server.dokai().finish(id, "verified");           // webhook verification.completed is sent
 * MockWebhookDelivery first = server.dokai().awaitDeliveries(1, Duration.ofSeconds(10)).get(0);
 * }</pre>
 */
public interface DokaiControl {

    /**
     * Moves a session one step: {@code pending} to {@code document_uploaded}, then to {@code processing}.
     *
     * @throws java.util.NoSuchElementException when the session is unknown
     * @throws IllegalStateException when the session is {@code processing} (finish it instead) or has ended
     */
    MockKycSession advance(String sessionId);

    /**
     * Finishes a running session with {@code outcome} ({@code verified}, {@code unverified} or
     * {@code failed}) and the result of {@link MockKycResult#defaults(String)}, and starts the
     * webhook delivery when the session has a {@code webhook_url}.
     *
     * @throws java.util.NoSuchElementException when the session is unknown
     * @throws IllegalStateException when the session has ended
     * @throws IllegalArgumentException when {@code outcome} is not one of the three
     */
    MockKycSession finish(String sessionId, String outcome);

    /**
     * Finishes a running session with {@code outcome} and exactly the scores and identity of
     * {@code result} (they are not checked against the outcome, so inconsistent results can be tested).
     *
     * @throws java.util.NoSuchElementException when the session is unknown
     * @throws IllegalStateException when the session has ended
     * @throws IllegalArgumentException when {@code outcome} is not one of the three
     */
    MockKycSession finish(String sessionId, String outcome, MockKycResult result);

    /**
     * Expires a running session now. No webhook is sent for an expiry.
     *
     * @throws java.util.NoSuchElementException when the session is unknown
     * @throws IllegalStateException when the session has ended
     */
    MockKycSession expire(String sessionId);

    /** The session, if it exists (sessions are kept until a reset). */
    Optional<MockKycSession> session(String sessionId);

    /** How many sessions were created since start or the last reset. */
    int sessionCount();

    /**
     * The webhook delivery attempts since start or the last reset, in the order they completed: every
     * one, up to the last 10,000 (the log's bound: past it, the oldest are dropped).
     */
    List<MockWebhookDelivery> deliveries();

    /**
     * Waits until at least {@code count} delivery attempts are recorded and returns them all (the
     * last 10,000, as {@link #deliveries()}).
     *
     * @throws IllegalArgumentException for a negative {@code count}, or one over 10,000,
     *         more than the log keeps (a wait that could only time out)
     * @throws IllegalStateException when fewer were recorded within {@code timeout} (or the wait was
     *         interrupted); the message lists what was recorded
     */
    List<MockWebhookDelivery> awaitDeliveries(int count, Duration timeout);
}
