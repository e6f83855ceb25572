package dev.verifykit.error;

/**
 * The wait stopped because the next request would exceed a poll cap: the session's (Dock: 60 reads
 * on the free plan, 150 on premium) or the wait's own {@code maxRequests}. The SDK stops before
 * the service would refuse.
 *
 * <pre>{@code
 * catch (PollCapException e) {
 *     e.limit(); // 60
 * }
 * }</pre>
 */
public class PollCapException extends WaitException {
    private final int limit;

    /**
     * @param service the service waited on
     * @param limit the cap that was reached
     * @param attempts requests this wait made
     */
    public PollCapException(Service service, int limit, int attempts) {
        super(service, service.label() + ": stopped at the poll cap of " + limit
                + " requests, before the service would refuse", attempts, null);
        this.limit = limit;
    }

    /** The cap that was reached. */
    public int limit() {
        return limit;
    }
}
