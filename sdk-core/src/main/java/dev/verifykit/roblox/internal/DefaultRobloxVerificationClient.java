package dev.verifykit.roblox.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.Answer;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.Credentials;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.http.internal.TransportClient;
import dev.verifykit.internal.Require;
import dev.verifykit.json.internal.Values;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.internal.HttpAttempt;
import dev.verifykit.poll.internal.Pace;
import dev.verifykit.poll.internal.Poller;
import dev.verifykit.poll.internal.SessionExpiry;
import dev.verifykit.poll.internal.SessionGates;
import dev.verifykit.poll.internal.WaitPlan;
import dev.verifykit.roblox.AuthSession;
import dev.verifykit.roblox.RobloxUser;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.RpcTransformer;
import dev.verifykit.roblox.VerificationStart;
import dev.verifykit.roblox.VerificationStatus;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The RPC's web side: its procedures, their outputs, and the pacing of status checks (at least the
 * minimum interval apart per session, so that the 60-per-minute window is never exceeded).
 */
public final class DefaultRobloxVerificationClient extends TransportClient implements RobloxVerificationClient {
    private static final JsonAdapter<RefreshOutput> REFRESH = RpcJson.MOSHI.adapter(RefreshOutput.class);
    private static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** The claim of the server's tokens that names their user. */
    private static final String USER_CLAIM = "robloxUserId";

    /** {@code auth.refresh}'s output. Public only for Moshi. */
    public record RefreshOutput(String jwt, RobloxUser user) {}

    private final RpcCodec codec;
    private final Duration checkInterval;
    private final Duration minCheckInterval;
    private final Duration sessionLifetime;
    private final Duration refreshSkew;
    private final SessionGates gates;
    private final ServerClock serverClock = new ServerClock();
    private final WithRawResponse raw = new Raw();

    public DefaultRobloxVerificationClient(HttpSettings http, RpcTransformer transformer, Duration checkInterval,
            Duration minCheckInterval, Duration sessionLifetime, Duration refreshSkew) {
        super("RobloxVerificationClient", new HttpTransport(Service.ROBLOX, RpcConnections.keptUnderNodesTimeout(http), null,
                Credentials.none(), new RpcErrorMapper(transformer)));
        this.codec = new RpcCodec(transformer, transport);
        this.checkInterval = checkInterval;
        this.minCheckInterval = minCheckInterval;
        this.sessionLifetime = sessionLifetime;
        this.refreshSkew = refreshSkew;
        this.gates = new SessionGates(http.scheduler(), spacing(minCheckInterval), Integer.MAX_VALUE,
                sessionLifetime.plus(FORGET_AFTER));
    }

    /**
     * The least time between the arrivals of two checks of a session. The server allows 60 checks in
     * any 60 s (a sliding window counting arrivals), which checks exactly 1 s apart can exceed by one
     * when the window holds both its ends, or when its clock rounds to the millisecond; 2 % more
     * (1.02 s by default) keeps 61 checks more than 61 s apart. (Dock's rule is an interval itself,
     * and its gates keep it exactly.)
     */
    static Duration spacing(Duration minCheckInterval) {
        return minCheckInterval.plus(minCheckInterval.dividedBy(50));
    }

    @Override
    public VerificationStart beginVerification(RequestOptions options) {
        return begin(options).value();
    }

    @Override
    public VerificationStatus checkVerification(String sessionId, RequestOptions options) {
        return check(sessionId, options).value();
    }

    @Override
    public VerificationStatus awaitVerification(String sessionId, WaitOptions options, RequestOptions requestOptions) {
        String id = RpcInputs.sessionId(sessionId);
        return Poller.await(awaitPlan(id, options).observedAs("roblox.awaitVerification"), checks(id, RpcInputs.options("requestOptions", requestOptions)));
    }

    @Override
    public CompletableFuture<VerificationStatus> awaitVerificationAsync(String sessionId, WaitOptions options,
            RequestOptions requestOptions) {
        String id = RpcInputs.sessionId(sessionId);
        return Poller.start(awaitPlan(id, options).observedAs("roblox.awaitVerification"), checks(id, RpcInputs.options("requestOptions", requestOptions)));
    }

    @Override
    public AuthSession refresh(String jwt, RequestOptions options) {
        return refreshRaw(jwt, options).value();
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    /** The raw forms: the same calls, answering with what came with the value. */
    private final class Raw implements WithRawResponse {
        @Override
        public RawResponse<VerificationStart> beginVerification(RequestOptions options) {
            return begin(options).raw();
        }

        @Override
        public RawResponse<VerificationStatus> checkVerification(String sessionId, RequestOptions options) {
            return check(sessionId, options).raw();
        }

        @Override
        public RawResponse<AuthSession> refresh(String jwt, RequestOptions options) {
            return refreshRaw(jwt, options).raw();
        }
    }

    private Answer<VerificationStart> begin(RequestOptions options) {
        ApiRequest request = mutation("auth.beginVerification", null);
        return transport.send(request, RpcInputs.options(options), response -> {
            seen(response);
            VerificationStart start = codec.output(response, "auth.beginVerification", RpcJson.START);
            transport.checkGiven(response, start.sessionId(), RpcInputs::sessionId);
            transport.checkGiven(response, start.code(), RpcInputs::code);
            return Answer.of(request, response, start);
        });
    }

    /** One check, paced by the session's gate; a rate-limit refusal is thrown at once, as documented. */
    private Answer<VerificationStatus> check(String sessionId, RequestOptions options) {
        String id = RpcInputs.sessionId(sessionId);
        RequestOptions checked = RpcInputs.options(options);
        WaitPlan once = plan(id, WaitOptions.defaults(), null).withRateLimitFinal();
        return HttpAttempt.once(transport, once, checkRequest(id), checked, this::status);
    }

    private Answer<AuthSession> refreshRaw(String jwt, RequestOptions options) {
        // the token is masked by its shape too; as the request's secret, whatever its shape
        ApiRequest request = mutation("auth.refresh", RpcCodec.fields("jwt", RpcInputs.jwt(jwt))).withSecret(Secret.of(jwt));
        return transport.send(request, RpcInputs.options(options), response -> {
            seen(response);
            RefreshOutput output = codec.output(response, "auth.refresh", REFRESH);
            if (output.jwt() == null || output.user() == null) {
                throw transport.malformed(response, "auth.refresh returned no jwt or no user", null);
            }
            AuthSession session = session(response, "auth.refresh", output.jwt(), output.user());
            if (!session.user().robloxUserId().equals(userOf(Jwts.claims(jwt)))) {
                throw transport.malformed(response, "auth.refresh returned the session of a user other than the"
                        + " one of the token refreshed", null);
            }
            return Answer.of(request, response, session);
        });
    }

    /**
     * The session of a token an answer of {@code procedure} gave: one without a readable expiry,
     * for a user whose id is not digits, or whose token names another user (its {@value #USER_CLAIM}
     * claim, a string as the server signs it), is a malformed answer.
     */
    private AuthSession session(ApiResponse response, String procedure, String jwt, RobloxUser user) {
        // the proved identity: integrators key accounts by it and put it into URLs
        transport.checkGiven(response, user.robloxUserId(), RpcInputs::robloxUserId);
        AuthSession session;
        try {
            session = new AuthSession(jwt, user, this);
        } catch (ValidationException e) {
            throw transport.malformed(response, procedure + " returned a token that " + e.rule(), e);
        }
        // the token is what the integrator's API trusts, the user beside it what accounts are keyed by
        if (!user.robloxUserId().equals(userOf(Jwts.claims(jwt)))) {
            throw transport.malformed(response, procedure + " returned a user other than the one its token names", null);
        }
        return session;
    }

    /**
     * The user a token's claims name: its {@value #USER_CLAIM}, a string as the server signs it, or
     * the same id written as a JSON number (a whole one, exact in a double); {@code null} otherwise.
     */
    private static String userOf(Map<?, ?> claims) {
        Object claim = claims.get(USER_CLAIM);
        if (claim instanceof Number number) {
            double id = number.doubleValue();
            return Values.isExactWhole(id) ? Long.toString((long) id) : null;
        }
        return claim instanceof String text ? text : null;
    }

    @Override
    public AuthSession authSession(VerificationStatus.Verified verified) {
        Require.present("verified", verified);
        return new AuthSession(verified.jwt(), verified.user(), this);
    }

    @Override
    public Duration refreshSkew() {
        return refreshSkew;
    }

    @Override
    public Instant serverNow() {
        return serverClock.now(scheduler());
    }

    @Override
    public Scheduler scheduler() {
        return transport.scheduler();
    }


    private WaitPlan awaitPlan(String id, WaitOptions options) {
        Require.present("options", options);
        return plan(id, options, sessionLifetime.plus(SessionExpiry.GRACE));
    }

    private WaitPlan plan(String id, WaitOptions options, Duration naturalLife) {
        return WaitPlan.of(transport, options,
                Pace.fixed(minCheckInterval, checkInterval), naturalLife, gates.of(id));
    }

    /**
     * Checks until verified or expired. The server forgets a session at its expiry (verified until
     * then, expired after), so the last check comes before that end ({@link Poller.Pending#sessionEnd()});
     * past it (on the local monotonic clock, and a grace), expired without asking; and expired when the wait's
     * own deadline, the session's lifetime, stops it once the end the checks told has come.
     */
    private Poller.Attempt<VerificationStatus> checks(String id, RequestOptions options) {
        SessionExpiry expiry = new SessionExpiry();
        return HttpAttempt.of(transport, options, (number, remaining) -> checkRequest(id), response -> {
            VerificationStatus status = status(response);
            if (status instanceof VerificationStatus.Pending pending) {
                expiry.saw(pending.expiresAt(), response, scheduler());
                return new Poller.Pending<VerificationStatus>("pending", Duration.ZERO, expiry.earliestEnd());
            }
            return new Poller.Done<>(status);
        }).unless(number -> expiry.passed(scheduler().nanoTime())
                ? new Poller.Done<>(VerificationStatus.Expired.instance()) : null)
                .endingAs(now -> expiry.endedBy(now) ? VerificationStatus.Expired.instance() : null);
    }

    private ApiRequest checkRequest(String id) {
        return mutation("auth.checkVerification", RpcCodec.fields("sessionId", id)).asReadOnly();
    }

    private ApiRequest mutation(String procedure, Map<String, Object> input) {
        return ApiRequest.post(procedure, codec.input(input), procedure);
    }

    /** Notes the server's clock from an answer of this client's. */
    private ApiResponse seen(ApiResponse response) {
        serverClock.saw(response, scheduler());
        return response;
    }

    private VerificationStatus status(ApiResponse response) {
        seen(response);
        Object data = codec.data(response, "auth.checkVerification");
        String status = data instanceof Map<?, ?> output && output.get("status") instanceof String s ? s : "";
        JsonAdapter<? extends VerificationStatus> adapter = switch (status) {
            case "pending" -> RpcJson.PENDING;
            case "verified" -> RpcJson.VERIFIED;
            case "expired" -> RpcJson.EXPIRED;
            default -> throw transport.malformed(response, "auth.checkVerification returned the unknown status \""
                    + status + "\"", null);
        };
        VerificationStatus read = codec.output(response, adapter, data);
        if (read instanceof VerificationStatus.Pending pending) {
            // the code to show and the one the game server submits: refused here, as begin refuses it
            transport.checkGiven(response, pending.code(), RpcInputs::code);
        }
        if (read instanceof VerificationStatus.Verified verified) {
            // refused here, as refresh refuses it, not later by authSession as if the caller had made it up
            session(response, "auth.checkVerification", verified.jwt(), verified.user());
        }
        return read;
    }
}
