package dev.verifykit.error;

import java.util.Optional;

/**
 * The next request would exceed a poll cap: the session's (Dock: 60 reads on the free plan, 150 on
 * premium) or the wait's own {@code maxRequests}. The SDK stops before the service would refuse;
 * when the service refused all the same (reads through another client or instance), its refusal
 * is this exception too, with its request id. Waiting does not help: it is never retried.
 * {@link #option()} tells the two apart: it names the caller's option when that was the limit.
 *
 * <pre>{@code
 * catch (PollCapException e) {
 *     e.limit(); // 60
 *     e.option(); // empty: the session's poll cap; "WaitOptions.maxRequests": the wait's own limit
 * }
 * }</pre>
 */
public class PollCapException extends WaitException {
    private final int limit;
    /** The caller's option that set the limit, or {@code null} for the service's poll cap. */
    private final String option;

    /**
     * @param service the service waited on
     * @param limit the cap that was reached
     * @param attempts requests this wait made
     */
    public PollCapException(Service service, int limit, int attempts) {
        this(service, limit, attempts, null);
    }

    /**
     * The same for a wait whose last read the cap allows failed: {@code cause} is that failure (a
     * 429 and its {@code retryAfter()}), which no read of the session will change.
     *
     * @param service the service waited on
     * @param limit the cap that was reached
     * @param attempts requests this wait made
     * @param cause the last read's failure, or {@code null}
     */
    public PollCapException(Service service, int limit, int attempts, Throwable cause) {
        super(service, service.label() + ": stopped at the poll cap of " + limit
                + " requests, before the service would refuse", attempts, cause);
        this.limit = limit;
        this.option = null;
    }

    /**
     * A wait stopped by a limit of its caller's, not the service's: its own {@code maxRequests}
     * ({@code option}) was reached. The message names the option and says the service's poll cap is
     * not what stopped it.
     *
     * @param service the service waited on
     * @param option the caller's option that set the limit, e.g. {@code "WaitOptions.maxRequests"}
     * @param limit the limit that was reached
     * @param attempts requests this wait made
     */
    public PollCapException(Service service, String option, int limit, int attempts) {
        this(service, option, limit, attempts, null);
    }

    /**
     * The same for a wait whose last allowed request failed: {@code cause} is that failure (a 429 and
     * its {@code retryAfter()}), which no request of the wait will change.
     *
     * @param service the service waited on
     * @param option the caller's option that set the limit, e.g. {@code "WaitOptions.maxRequests"}
     * @param limit the limit that was reached
     * @param attempts requests this wait made
     * @param cause the last request's failure, or {@code null}
     */
    public PollCapException(Service service, String option, int limit, int attempts, Throwable cause) {
        super(service, service.label() + ": stopped at the wait's own limit of " + limit + " requests (" + option
                + "), not at the service's poll cap", attempts, cause);
        this.limit = limit;
        this.option = option;
    }

    /**
     * The service's refusal of a read because the session's poll cap is used up (Dock's 429 with
     * {@code meta.rateLimit.scope = "session_polls"} and nothing remaining).
     *
     * @param refusal what the service said
     * @param limit the cap, or -1 when the service did not say
     */
    public PollCapException(ApiError refusal, int limit) {
        super(refusal.service(), refusal.service().label() + ": the session's poll cap"
                + (limit < 0 ? "" : " of " + limit + " reads") + " is used up; the service refused ("
                + refusal.describe() + ")", refusal.requestId(), 0, null);
        this.limit = limit;
        this.option = null;
    }

    /**
     * A poll cap reached during a wait: {@code reached} with the wait's count of requests.
     *
     * @param reached the refusal or stop
     * @param attempts requests the wait made
     */
    public PollCapException(PollCapException reached, int attempts) {
        super(reached.service().orElse(null), reached.getMessage(), reached.requestId().orElse(null), attempts,
                reached.getCause());
        this.limit = reached.limit;
        this.option = reached.option;
    }

    /** The cap that was reached: the session's, or the wait's own {@code maxRequests} (see {@link #option()}). */
    public int limit() {
        return limit;
    }

    /**
     * The caller's option whose limit stopped the wait ({@code "WaitOptions.maxRequests"}), or empty
     * when it was the service's poll cap (the session's reads used up, or about to be).
     */
    public Optional<String> option() {
        return Optional.ofNullable(option);
    }
}
