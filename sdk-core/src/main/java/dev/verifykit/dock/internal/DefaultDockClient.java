package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessions;
import dev.verifykit.dock.RateLimitInfo;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.PollCapException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.Credentials;
import dev.verifykit.http.internal.Futures;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.internal.Require;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.internal.Pace;
import dev.verifykit.poll.internal.Poller;
import dev.verifykit.poll.internal.RequestGate;
import dev.verifykit.poll.internal.SessionGates;
import dev.verifykit.poll.internal.WaitPlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Dock client: its wire format, its error mapping, and its guardrails kept on the client
 * side (create bucket, per-session read pacing and poll cap) on top of the shared transport and
 * waiting engine. Public for the SSE module, which opens streams through it.
 */
public final class DefaultDockClient implements DockClient, DockSessions {
    private static final JsonAdapter<DockWire.Envelope<DockSession>> SESSION_ENVELOPE =
            JsonCodec.adapter(Types.newParameterizedTypeWithOwner(DockWire.class, DockWire.Envelope.class, DockSession.class));
    private static final JsonAdapter<DockSession> SESSION = JsonCodec.adapter(DockSession.class);
    private static final JsonAdapter<DockWire.CreateBody> CREATE_BODY = JsonCodec.adapter(DockWire.CreateBody.class);
    private static final RequestOptions ONE_ATTEMPT = RequestOptions.builder().maxRetries(0).build();
    private static final Duration EXPIRY_GRACE = Duration.ofSeconds(5);
    private static final Duration TERMINAL_RETENTION = Duration.ofHours(1);

    private final HttpTransport transport;
    private final DockPlan plan;
    private final DockGuardrails guardrails;
    private final Duration createTokenWait;
    private final CreateBucket bucket;
    private final SessionGates gates;
    private final AtomicReference<RateLimitInfo> lastRateLimit = new AtomicReference<>();

    public DefaultDockClient(String apiKey, DockPlan plan, DockGuardrails guardrails, Duration createTokenWait,
            HttpSettings http) {
        this.transport = new HttpTransport(Service.DOCK, http, DEFAULT_BASE_URL,
                Credentials.bearer(Secret.of(apiKey)), new DockErrorMapper());
        this.plan = plan;
        this.guardrails = guardrails;
        this.createTokenWait = createTokenWait;
        this.bucket = new CreateBucket(http.scheduler(), guardrails.createBurst(), guardrails.createRefill());
        this.gates = new SessionGates(http.scheduler(), guardrails.minPollInterval(), guardrails.pollCap(plan),
                guardrails.sessionLifetime().plus(TERMINAL_RETENTION));
    }

    @Override
    public DockSessions sessions() {
        return this;
    }

    @Override
    public DockPlan plan() {
        return plan;
    }

    @Override
    public DockGuardrails guardrails() {
        return guardrails;
    }

    @Override
    public Optional<RateLimitInfo> lastRateLimit() {
        return Optional.ofNullable(lastRateLimit.get());
    }

    @Override
    public void close() {
        transport.close();
    }

    /** The transport, for the SSE module. */
    public HttpTransport transport() {
        return transport;
    }

    /** The read gate of a session, shared by retrieves, long-polls and stream opens. */
    public RequestGate gateOf(String sessionId) {
        return gates.of(checkId(sessionId));
    }

    /**
     * A session as a stream event carries it: the session object without the envelope.
     *
     * @throws MalformedResponseException when the data is not a session
     */
    public DockSession parseStreamedSession(String data) {
        try {
            return JsonCodec.read(SESSION, data.getBytes(StandardCharsets.UTF_8));
        } catch (JsonFormatException e) {
            throw new MalformedResponseException(Service.DOCK, 200,
                    "dock: a stream event is not a session: " + transport.redactor().redact(e.getMessage()), null, e);
        }
    }

    /** Turns the service's poll-cap refusal into the wait's {@link PollCapException}. */
    public static Throwable pollCapAsWaitFailure(Throwable error, int attempts) {
        if (error instanceof DockErrorMapper.SessionPollCapRefusal refusal) {
            return new PollCapException(Service.DOCK, refusal.limit(), attempts);
        }
        return error;
    }

    private static RuntimeException asWaitFailure(VerifyKitException error, int attempts) {
        return (RuntimeException) pollCapAsWaitFailure(error, attempts);
    }

    // ---- DockSessions ----

    @Override
    public DockSession create(CreateSessionParams params) {
        return create(params, RequestOptions.none());
    }

    @Override
    public DockSession create(CreateSessionParams params, RequestOptions options) {
        Require.present("params", params);
        Require.present("options", options);
        IdempotencyKey key = options.idempotencyKey().orElseGet(IdempotencyKey::random);
        byte[] body = JsonCodec.write(CREATE_BODY,
                new DockWire.CreateBody(params.pid(), params.clientId(), params.guildId().orElse(null)));
        ApiRequest request = ApiRequest.post("POST /v2/sessions", body, "v2", "sessions").withIdempotencyKey(key);
        takeCreateToken();
        ApiResponse response;
        try {
            response = transport.send(request, options);
        } catch (ApiException refused) {
            if (refused.httpStatus() != 429 && refused.httpStatus() < 500) {
                bucket.giveBack();
            }
            throw refused;
        }
        DockSession session = readSession(response);
        if (session.reusedExisting() || "true".equalsIgnoreCase(response.headers().get("Idempotent-Replayed"))) {
            bucket.giveBack();
        }
        return session.withIdempotencyKey(key.value());
    }

    @Override
    public DockSession retrieve(String sessionId) {
        return retrieve(sessionId, Duration.ZERO);
    }

    @Override
    public DockSession retrieve(String sessionId, Duration wait) {
        String id = checkId(sessionId);
        Duration hold = checkWait(wait);
        WaitPlan once = WaitPlan.of(Service.DOCK, transport.scheduler(), transport.settings().retryPolicy(),
                WaitOptions.defaults(), pace(), null, gates.of(id))
                .withMaxConsecutiveFailures(transport.settings().retryPolicy().maxRetries());
        return Poller.once(once, number -> {
            try {
                return readSession(transport.send(readRequest(id, hold), ONE_ATTEMPT));
            } catch (VerifyKitException e) {
                throw asWaitFailure(e, number - 1);
            }
        });
    }

    @Override
    public DockSession awaitCompletion(String sessionId) {
        return awaitCompletion(sessionId, WaitOptions.defaults());
    }

    @Override
    public DockSession awaitCompletion(String sessionId, WaitOptions options) {
        String id = checkId(sessionId);
        return Poller.await(waitPlan(id, options), longPoll(id));
    }

    @Override
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId) {
        return awaitCompletionAsync(sessionId, WaitOptions.defaults());
    }

    @Override
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
        String id = checkId(sessionId);
        return Poller.start(waitPlan(id, options), longPoll(id));
    }

    /**
     * The plan of a wait for a session: paced by the session's gate, ending at the latest when the
     * session must have ended (a lifetime from now, plus a grace for clock skew).
     */
    public WaitPlan waitPlan(String sessionId, WaitOptions options) {
        Require.present("options", options);
        Instant latestEnd = transport.scheduler().now().plus(guardrails.sessionLifetime()).plus(EXPIRY_GRACE);
        return WaitPlan.of(Service.DOCK, transport.scheduler(), transport.settings().retryPolicy(), options, pace(),
                latestEnd, gates.of(checkId(sessionId)));
    }

    private Poller.Attempt<DockSession> longPoll(String id) {
        AtomicReference<Instant> expiresAt = new AtomicReference<>();
        return (number, remaining) -> {
            Duration hold = holdFor(remaining, expiresAt.get());
            CompletableFuture<ApiResponse> call = transport.sendAsync(readRequest(id, hold), ONE_ATTEMPT);
            return Futures.map(call, response -> {
                DockSession session = readSession(response);
                expiresAt.set(session.expiresAt());
                return session.isTerminal() ? new Poller.Done<>(session) : new Poller.Pending<>(session.status().raw());
            }, error -> pollCapAsWaitFailure(error, number - 1));
        };
    }

    private Duration holdFor(Duration remaining, Instant expiresAt) {
        long seconds = guardrails.maxWait().toSeconds();
        if (remaining != null) {
            seconds = Math.min(seconds, remaining.toSeconds());
        }
        if (expiresAt != null) {
            Duration untilEnd = Duration.between(transport.scheduler().now(), expiresAt.plus(EXPIRY_GRACE));
            seconds = Math.min(seconds, Math.max(0, untilEnd.toSeconds()));
        }
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    private ApiRequest readRequest(String id, Duration hold) {
        ApiRequest request = ApiRequest.get("GET /v2/sessions/{id}", "v2", "sessions", id);
        return hold.isZero() ? request : request.withQuery("wait", Long.toString(hold.toSeconds())).withHold(hold);
    }

    private DockSession readSession(ApiResponse response) {
        observeRateLimit(response);
        DockWire.Envelope<DockSession> envelope = transport.decode(response, SESSION_ENVELOPE);
        if (envelope.data() == null) {
            throw transport.malformed(response, "the envelope has no data", null);
        }
        return envelope.data();
    }

    private Pace pace() {
        return Pace.fixed(guardrails.minPollInterval(), gates.spacing());
    }

    private void takeCreateToken() {
        long deadline = transport.scheduler().nanoTime() + createTokenWait.toNanos();
        while (true) {
            Duration wait = bucket.tryTake();
            if (wait.isZero()) {
                return;
            }
            if (transport.scheduler().nanoTime() + wait.toNanos() > deadline) {
                throw new RateLimitException(new ApiError(Service.DOCK, 429, "RATE_LIMITED",
                        "the create bucket (" + guardrails.createBurst() + " sessions, one more every "
                                + guardrails.createRefill().toMillis() + " ms) is empty; nothing was sent",
                        null, "POST /v2/sessions", wait));
            }
            try {
                transport.scheduler().sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitCancelledException(Service.DOCK, 0);
            }
        }
    }

    private void observeRateLimit(ApiResponse response) {
        OptionalInt limit = intHeader(response, "X-RateLimit-Limit");
        OptionalInt remaining = intHeader(response, "X-RateLimit-Remaining");
        if (limit.isEmpty() && remaining.isEmpty()) {
            return;
        }
        OptionalInt reset = intHeader(response, "X-RateLimit-Reset");
        lastRateLimit.set(new RateLimitInfo(limit, remaining,
                reset.isPresent() ? Optional.of(Instant.ofEpochSecond(reset.getAsInt())) : Optional.empty(),
                intHeader(response, "X-RateLimit-Limit-Day"), intHeader(response, "X-RateLimit-Remaining-Day")));
    }

    private static OptionalInt intHeader(ApiResponse response, String name) {
        String value = response.headers().get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static String checkId(String sessionId) {
        String id = Require.notBlank("sessionId", sessionId);
        if (id.length() > 256) {
            throw new ValidationException("sessionId", "must be at most 256 characters");
        }
        return id;
    }

    private Duration checkWait(Duration wait) {
        Require.present("wait", wait);
        if (wait.isNegative() || wait.compareTo(guardrails.maxWait()) > 0 || wait.toMillis() % 1000 != 0) {
            throw new ValidationException("wait", "must be whole seconds from 0 to " + guardrails.maxWait().toSeconds());
        }
        return wait;
    }
}
