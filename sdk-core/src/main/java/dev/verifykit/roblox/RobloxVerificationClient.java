package dev.verifykit.roblox;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.ClientBuilder;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.internal.DefaultRobloxVerificationClient;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The web or desktop side of the Roblox code-verification RPC: begin a session, show its code,
 * wait until a game server has entered it, and keep the resulting JWT fresh. Speaks tRPC v11's
 * wire format ({@code POST <base>/auth.<procedure>}). Thread-safe; share one per base URL.
 *
 * <p>The base URL is where the server serves its procedures: the server's root for the public
 * server ({@code https://rpc.example.com}, procedures at {@code https://rpc.example.com/auth.beginVerification}).
 * A deployment that mounts tRPC under a prefix is reached by putting the prefix in the base URL
 * ({@code https://rpc.example.com/trpc}).
 *
 * <pre>{@code
 * try (RobloxVerificationClient rpc = RobloxVerificationClient.builder()
 *         .baseUrl("https://rpc.example.com")
 *         .build()) {
 *     VerificationStart start = rpc.beginVerification();
 *     show(start.code());
 *     if (rpc.awaitVerification(start.sessionId()) instanceof VerificationStatus.Verified v) {
 *         AuthSession session = rpc.authSession(v);
 *     }
 * }
 * }</pre>
 *
 * <p>An interface, so that your own tests can fake it.
 */
public interface RobloxVerificationClient extends AutoCloseable {
    /** A builder; {@link Builder#baseUrl} is required (the RPC has no public default). */
    static Builder builder() {
        return new Builder();
    }

    /** {@link #beginVerification(RequestOptions)} with no options. */
    default VerificationStart beginVerification() {
        return beginVerification(RequestOptions.none());
    }

    /** Begins a session ({@code auth.beginVerification}); never retried once it may have arrived. */
    VerificationStart beginVerification(RequestOptions options);

    /** {@link #checkVerification(String, RequestOptions)} with no options. */
    default VerificationStatus checkVerification(String sessionId) {
        return checkVerification(sessionId, RequestOptions.none());
    }

    /**
     * Checks a session once ({@code auth.checkVerification}), waiting first if the session's
     * minimum interval between checks has not passed. Retried after a failure that may pass, but
     * never after a refusal by the rate limit, which is thrown at once.
     *
     * @throws ValidationException when the id is not a UUID (nothing is sent)
     * @throws RateLimitException when the server's 60-per-minute limit refuses it, with the wait it
     *     gave ({@link RateLimitException#retryAfter()}: its message's, or a {@code Retry-After}
     *     header's when that is longer)
     * @throws WaitTimeoutException when the options' timeout would pass before the check's turn;
     *     nothing is sent
     * @throws MalformedResponseException when the answer is not a status, or a verified one carries
     *     a token that is not a JWT in form or has no readable expiry (which {@link #authSession}
     *     could not use), or whose {@code robloxUserId} claim is not the user beside it
     */
    VerificationStatus checkVerification(String sessionId, RequestOptions options);

    /** {@link #awaitVerification(String, WaitOptions, RequestOptions)} with the defaults. */
    default VerificationStatus awaitVerification(String sessionId) {
        return awaitVerification(sessionId, WaitOptions.defaults(), RequestOptions.none());
    }

    /** {@link #awaitVerification(String, WaitOptions, RequestOptions)} with no request options. */
    default VerificationStatus awaitVerification(String sessionId, WaitOptions options) {
        return awaitVerification(sessionId, options, RequestOptions.none());
    }

    /**
     * Checks every 2 s (never more often than the minimum interval, 1 s) until the session is
     * verified or expired, slowing down as a {@code TOO_MANY_REQUESTS} answer says, and returns
     * {@link VerificationStatus.Verified} or {@link VerificationStatus.Expired}. The server forgets a
     * session at its {@code expiresAt}, so the last check comes shortly before it (a second plus
     * twice the slowest check, at least 100 ms, ahead). Whatever the options' timeout or deadline (a
     * longer one changes nothing: the server has forgotten the session by then), the wait ends at the
     * latest {@link Builder#sessionLifetime} and 5 s after it began, as expired
     * when the session's end its checks told has come by then (the server failing or not). The request
     * options' headers go on every check and their timeout bounds each check.
     *
     * @throws WaitTimeoutException when the options' timeout or deadline passes first, when the
     *     server asks to wait past the wait's deadline, or when the wait's own deadline stops it before
     *     the session's end its checks told has come
     * @throws PollCapException when the options' request limit is reached first
     */
    VerificationStatus awaitVerification(String sessionId, WaitOptions options, RequestOptions requestOptions);

    /** {@link #awaitVerificationAsync(String, WaitOptions, RequestOptions)} with the defaults. */
    default CompletableFuture<VerificationStatus> awaitVerificationAsync(String sessionId) {
        return awaitVerificationAsync(sessionId, WaitOptions.defaults(), RequestOptions.none());
    }

    /** {@link #awaitVerificationAsync(String, WaitOptions, RequestOptions)} with no request options. */
    default CompletableFuture<VerificationStatus> awaitVerificationAsync(String sessionId, WaitOptions options) {
        return awaitVerificationAsync(sessionId, options, RequestOptions.none());
    }

    /** {@link #awaitVerification(String, WaitOptions, RequestOptions)} without blocking; cancelling stops it. */
    CompletableFuture<VerificationStatus> awaitVerificationAsync(String sessionId, WaitOptions options,
            RequestOptions requestOptions);

    /** {@link #refresh(String, RequestOptions)} with no options. */
    default AuthSession refresh(String jwt) {
        return refresh(jwt, RequestOptions.none());
    }

    /**
     * Exchanges a JWT (expired but validly signed is fine) for a new one ({@code auth.refresh}).
     * Only its shape is checked here (three base64url parts: a JSON header naming its {@code alg},
     * a JSON payload, a signature), the claims are the server's to judge. Limited by the server to
     * 4 per user per hour; a refusal is a {@link RateLimitException}. Each call sends one, concurrent
     * calls for the same token too: refresh a token once and share its result. An answer is a
     * {@link MalformedResponseException} when its token is not a JWT in form, has no readable
     * expiry, or names a user other than the one beside it or the one of {@code jwt}.
     */
    AuthSession refresh(String jwt, RequestOptions options);

    /** The same calls, answering with status, headers and request id. */
    WithRawResponse withRawResponse();

    /**
     * {@link RobloxVerificationClient}'s single calls in raw form.
     *
     * <pre>{@code
     * RawResponse<VerificationStart> start = rpc.withRawResponse().beginVerification(RequestOptions.none());
     * log.info("began {} with HTTP {}", start.value().sessionId(), start.statusCode());
     * }</pre>
     */
    interface WithRawResponse {
        /** {@link #beginVerification(RequestOptions)} with no options. */
        default RawResponse<VerificationStart> beginVerification() {
            return beginVerification(RequestOptions.none());
        }

        /** {@link RobloxVerificationClient#beginVerification(RequestOptions)}, raw. */
        RawResponse<VerificationStart> beginVerification(RequestOptions options);

        /** {@link #checkVerification(String, RequestOptions)} with no options. */
        default RawResponse<VerificationStatus> checkVerification(String sessionId) {
            return checkVerification(sessionId, RequestOptions.none());
        }

        /** {@link RobloxVerificationClient#checkVerification(String, RequestOptions)}, raw. */
        RawResponse<VerificationStatus> checkVerification(String sessionId, RequestOptions options);

        /** {@link #refresh(String, RequestOptions)} with no options. */
        default RawResponse<AuthSession> refresh(String jwt) {
            return refresh(jwt, RequestOptions.none());
        }

        /** {@link RobloxVerificationClient#refresh(String, RequestOptions)}, raw. */
        RawResponse<AuthSession> refresh(String jwt, RequestOptions options);
    }

    /** The session a verification produced, which knows its expiry and can refresh itself. */
    AuthSession authSession(VerificationStatus.Verified verified);

    /** How long before a JWT's expiry {@link AuthSession#needsRefresh()} turns true. */
    Duration refreshSkew();

    /** The clock this client runs on. */
    Scheduler scheduler();

    /**
     * The RPC server's clock now, as far as this client knows it: the {@code Date} header of its last
     * answer that had a readable one, however far from the client's clock (the client's may be the one
     * that is wrong, a machine days off; a proxy's own {@code Date} is taken too, until the next
     * answer), to within that header's second, taken as late as it can be, and the answer's transit;
     * counted on since by the client's monotonic clock ({@code scheduler().nanoTime()}, so that a step
     * of its wall clock moves nothing); the client's own clock before any answer had one. A JWT's {@code exp} is a reading of the server's clock, so
     * {@link AuthSession} judges it by this.
     * By default, {@code scheduler().now()}.
     */
    default Instant serverNow() {
        return scheduler().now();
    }

    /**
     * Ends the waits in progress ({@code WaitCancelledException}) and releases the threads and
     * connections this client owns. What your {@code Scheduler}'s timer throws as it is cancelled is
     * thrown by {@code close()} as it is, once every wait has ended and the client is closed.
     */
    @Override
    void close();

    /** Builds a {@link RobloxVerificationClient}. */
    final class Builder extends ClientBuilder<Builder> {
        /**
         * Tokens live an hour and 4 refreshes a user an hour are allowed (a sliding window): one due at
         * least 15 minutes after the previous refresh arrived. Its {@code iat} is the server's clock cut
         * to the second (up to a second before that arrival), the server's clock is read from a
         * whole-second {@code Date} taken a second late ({@link RobloxVerificationClient#serverNow()})
         * and counted on by the local clock, which may drift: a minute of margin.
         */
        private static final Duration LONGEST_REFRESH_SKEW = Duration.ofMinutes(44);
        private RpcTransformer transformer = RpcTransformer.NONE;
        private Duration checkInterval = Duration.ofSeconds(2);
        private Duration minCheckInterval = Duration.ofSeconds(1);
        private Duration sessionLifetime = Duration.ofMinutes(10);
        private Duration refreshSkew = Duration.ofMinutes(5);

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The server's transformer (default {@link RpcTransformer#NONE}). */
        public Builder transformer(RpcTransformer value) {
            this.transformer = value;
            return this;
        }

        /** The interval between checks of an await (default 2 s). */
        public Builder checkInterval(Duration value) {
            this.checkInterval = value;
            return this;
        }

        /**
         * The least time between two checks of one session (default 1 s: the server allows 60 per
         * minute). Lower it only for a server configured differently.
         */
        public Builder minCheckInterval(Duration value) {
            this.minCheckInterval = value;
            return this;
        }

        /** How long sessions live at most (default 10 minutes); bounds a wait that has no deadline. */
        public Builder sessionLifetime(Duration value) {
            this.sessionLifetime = value;
            return this;
        }

        /**
         * How long before a JWT's expiry a refresh is due (default 5 minutes); at most 44 minutes: the
         * server's tokens live an hour and it allows 4 refreshes a user an hour, so a token must not be
         * due sooner than 15 minutes after the refresh that made it arrived (its {@code iat} and the
         * server's {@code Date} are whole seconds, cut down, and clocks drift: a minute of margin).
         */
        public Builder refreshSkew(Duration value) {
            this.refreshSkew = value;
            return this;
        }

        /**
         * The client.
         *
         * @throws ValidationException naming the first setting refused: the base URL missing or not
         *     allowed, a value out of range, or the check interval below the minimum
         */
        public RobloxVerificationClient build() {
            if (httpSettings().baseUrl().isEmpty()) {
                throw new ValidationException("baseUrl", "is required: the RPC has no public default");
            }
            Require.present("transformer", transformer);
            Require.positive("checkInterval", checkInterval);
            Require.positive("minCheckInterval", minCheckInterval);
            Require.positive("sessionLifetime", sessionLifetime);
            Require.notNegative("refreshSkew", refreshSkew);
            if (refreshSkew.compareTo(LONGEST_REFRESH_SKEW) > 0) {
                // a token due sooner would be refreshed more often than every 15 minutes: past 4 an hour
                throw new ValidationException("refreshSkew", "must be at most 44 minutes (tokens live an hour, issued"
                        + " to the whole second, and the server allows 4 refreshes a user an hour)");
            }
            if (checkInterval.compareTo(minCheckInterval) < 0) {
                // both named and shown as given: in whole milliseconds, 900 µs read "(0 ms)"
                throw new ValidationException("checkInterval", "must be at least the minimum check interval,"
                        + " minCheckInterval (" + Require.seconds(minCheckInterval) + " s; was "
                        + Require.seconds(checkInterval) + " s)");
            }
            return new DefaultRobloxVerificationClient(httpSettings(), transformer, checkInterval, minCheckInterval,
                    sessionLifetime, refreshSkew);
        }
    }
}
