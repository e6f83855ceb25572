package dev.verifykit.dock.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockPlan;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessions;
import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.dock.GuardrailStore.CreateStart;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.http.EventStreamReader;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.IdempotencyKey;
import dev.verifykit.http.RateLimitInfo;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.Answer;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.AttemptGuard;
import dev.verifykit.http.internal.CallOptions;
import dev.verifykit.http.internal.CallTrace;
import dev.verifykit.http.internal.ClientLifecycle;
import dev.verifykit.http.internal.Credentials;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.http.internal.TransportClient;
import dev.verifykit.internal.Escapes;
import dev.verifykit.internal.Require;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.internal.HttpAttempt;
import dev.verifykit.poll.internal.Pace;
import dev.verifykit.poll.internal.Poller;
import dev.verifykit.poll.internal.RequestGate;
import dev.verifykit.poll.internal.SessionExpiry;
import dev.verifykit.poll.internal.SessionGates;
import dev.verifykit.poll.internal.WaitPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import okhttp3.Headers;

/**
 * The Dock client: its wire format, its error mapping, and its guardrails kept on the client
 * side (create bucket, per-session read pacing and poll cap) on top of the shared transport and
 * waiting engine.
 */
public final class DefaultDockClient extends TransportClient implements DockClient, DockSessions {
    private static final Duration TERMINAL_RETENTION = Duration.ofHours(1);

    private static final System.Logger LOG = System.getLogger("dev.verifykit.dock");

    private final DockPlan plan;
    private final DockGuardrails guardrails;
    private final Duration createTokenWait;
    /**
     * Until when (scheduler nanos) Dock said it refuses creates: a create refused with 429 holds
     * back this client's creates for its {@code Retry-After} (at most the time the create bucket
     * takes to fill), or a refill without one (the bucket Dock keeps may be emptier than the
     * store's: spent before a restart, or by a client that does not share the store).
     */
    private final AtomicLong createsRefusedUntil = new AtomicLong(NEVER_REFUSED);
    private static final long NEVER_REFUSED = Long.MIN_VALUE;
    private final GuardrailStore store;
    private final GuardrailStore.CreateRules createRules;
    private final String account;
    private final SessionGates gates;
    /** What a close interrupts a store call of, for a store that may wait ({@code null}: in memory, it never does). */
    private final ClientLifecycle storeWaits;
    /** The rate-limit figures of the latest read that carried them, read when asked (rarely). */
    private final AtomicReference<Supplier<RateLimitInfo>> lastRateLimit;
    private final WithRawResponse raw = new Raw();
    /** The reads' pace: the guardrails' minimum interval, fixed. */
    private final Pace pace;

    /**
     * @param store where the guardrails are kept; {@code null} for this client's memory
     */
    public DefaultDockClient(String apiKey, DockPlan plan, DockGuardrails guardrails, Duration createTokenWait,
            GuardrailStore store, HttpSettings http) {
        this(apiKey, plan, guardrails, createTokenWait, store, http, new AtomicReference<>());
    }

    private DefaultDockClient(String apiKey, DockPlan plan, DockGuardrails guardrails, Duration createTokenWait,
            GuardrailStore store, HttpSettings http, AtomicReference<Supplier<RateLimitInfo>> lastRateLimit) {
        super("DockClient", new HttpTransport(Service.DOCK, http, DEFAULT_BASE_URL,
                Credentials.bearer(Secret.of(apiKey)), new DockErrorMapper(response -> noteRateLimit(lastRateLimit, response.headers()))));
        this.lastRateLimit = lastRateLimit;
        this.plan = plan;
        this.guardrails = guardrails;
        this.pace = Pace.fixed(guardrails.minPollInterval(), guardrails.minPollInterval());
        this.createTokenWait = createTokenWait;
        this.store = store != null ? store : GuardrailStore.inMemory(transport.scheduler());
        this.account = account(apiKey);
        Duration lease = lease(guardrails, http);
        this.createRules = GuardrailStore.CreateRules.of(guardrails.createBurst(), guardrails.createRefill(), lease);
        // a lifetime near the longest a setting takes: its gates are kept the longest (they outlive the client anyway)
        Duration keep = Require.capped(guardrails.sessionLifetime().plus(TERMINAL_RETENTION));
        GuardrailStore.ReadRules rules = GuardrailStore.ReadRules.of(guardrails.minPollInterval(), guardrails.pollCap(plan),
                lease, keep);
        // a store of the caller's (Redis) may be slow to answer: asynchronous waits ask it on the wait threads
        boolean inMemory = this.store instanceof InMemoryGuardrailStore;
        Executor askFrom = inMemory ? null : transport.waitExecutor();
        this.storeWaits = inMemory ? null : transport.lifecycle();
        this.gates = new SessionGates(transport.scheduler(),
                id -> new RequestGate(new StoreReadState(this.store, account, id, rules, transport.scheduler(),
                        storeWaits), askFrom), keep);
    }

    /**
     * The name of an API key in a store: the first 16 bytes of its SHA-256, in hex, so that keys in
     * a shared store never hold the key.
     */
    static String account(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The longest a create or a read stays in flight: a call's timeout, or a long-poll's hold plus
     * a read timeout when that is longer; a minute on top for what runs around the call.
     */
    private static Duration lease(DockGuardrails guardrails, HttpSettings http) {
        Duration longPoll = guardrails.maxWait().plus(http.readTimeout());
        Duration call = http.callTimeout().isZero() ? longPoll : http.callTimeout();
        // a maxWait near the longest a setting takes: no lease is longer than the longest (31.7 years)
        return Require.capped((call.compareTo(longPoll) > 0 ? call : longPoll).plus(Duration.ofMinutes(1)));
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
        Supplier<RateLimitInfo> limits = lastRateLimit.get();
        return limits == null ? Optional.empty() : Optional.ofNullable(limits.get());
    }

    @Override
    protected String shownSettings() {
        return ", plan=" + plan + ", apiKey=[REDACTED]";
    }

    /** The transport, for the stream engine. */
    HttpTransport transport() {
        return transport;
    }

    /**
     * A session as a stream event carries it: the session object without the envelope.
     *
     * @throws MalformedResponseException when the data is not a session
     */
    DockSession parseStreamedSession(String data) {
        return withoutSecrets(streamedSession(data, null), transport.redactor(), 200, null, "a stream event");
    }

    /**
     * A stream event of session {@code id}'s stream, whose open was answered with {@code requestId}
     * (or {@code null}).
     *
     * @throws MalformedResponseException when the data is not a session, or is another session
     */
    DockSession parseStreamedSession(String data, String id, String requestId) {
        return withoutSecrets(sameSession(streamedSession(data, requestId), id, 200, requestId, "a stream event"),
                transport.redactor(), 200, requestId, "a stream event");
    }

    /**
     * The session a stream event's data is. Its failure is built as a call's malformed answer is: the
     * parser's message (which names a JSON path, and so any name the server sent) shown as server text,
     * the parser's exception kept only as a cleaned copy.
     */
    private DockSession streamedSession(String data, String requestId) {
        try {
            return JsonCodec.read(DockJson.SESSION, data.getBytes(StandardCharsets.UTF_8));
        } catch (JsonFormatException e) {
            throw transport.malformed(200, "a stream event is not a session: " + e.getMessage(), requestId, e);
        }
    }

    /**
     * A create's answer, when it is about the pid and client id the create sent (a new session or
     * the pending one of that client id): an answer meant for another request is never taken for it.
     */
    private static DockSession forCreate(DockSession session, CreateSessionParams params, ApiResponse response) {
        if (session.pid() == null || session.clientId() == null) {
            // Dock made it and took a token: named (its id checked before), as Dokai's refusals name theirs
            throw new MalformedResponseException(Service.DOCK, response.status(), "dock: POST /v2/sessions: the session "
                    + response.redactor().serverText(session.id()) + " was created, but its answer leaves out its "
                    + (session.pid() == null ? "pid" : "clientId") + ", so it cannot be told from an answer meant for"
                    + " another create", response.requestId(), null);
        }
        if (!params.pid().equals(session.pid()) || !params.clientId().equals(session.clientId())) {
            throw new MalformedResponseException(Service.DOCK, response.status(),
                    "dock: POST /v2/sessions was answered with a session of another client id or pid", response.requestId(), null);
        }
        return session;
    }

    /**
     * {@code session} as the client hands it out: the client's own secrets (its API key) that the
     * server reflected into its text masked, as in a server's text ({@link DockJson#withoutSecrets}).
     * Called once the session was checked against what was sent or asked for, as it came: a value
     * masked never passes for the one asked for. An id holding a secret is malformed: masked, it
     * would name no session, or another one masked alike.
     */
    private static DockSession withoutSecrets(DockSession session, Redactor redactor, int status, String requestId,
            String what) {
        DockSession shown = DockJson.withoutSecrets(session, redactor);
        if (shown != session && !shown.id().equals(session.id())) {
            throw new MalformedResponseException(Service.DOCK, status, "dock: " + what
                    + " gave a session whose id holds this client's credentials (not shown)", requestId, null);
        }
        return shown;
    }

    /**
     * {@code session}, when it is the session {@code id} that was asked for: an answer about
     * another one (a proxy or a cache that mixed answers up) is malformed, never taken for the
     * state of this one (its link result is another user's).
     */
    private static DockSession sameSession(DockSession session, String id, int status, String requestId, String what) {
        if (!id.equals(session.id())) {
            throw new MalformedResponseException(Service.DOCK, status, "dock: " + what + " of session " + id
                    + " was about another session", requestId, null);
        }
        return session;
    }

    // ---- DockSessions ----

    @Override
    public DockSession create(CreateSessionParams params, RequestOptions options) {
        return createRaw(params, options).value();
    }

    @Override
    public DockSession retrieve(String sessionId, RequestOptions options) {
        return retrieveRaw(sessionId, Duration.ZERO, options).value();
    }

    @Override
    public DockSession retrieve(String sessionId, Duration wait, RequestOptions options) {
        return retrieveRaw(sessionId, wait, options).value();
    }

    @Override
    public DockSession awaitCompletion(String sessionId, WaitOptions options, RequestOptions requestOptions) {
        String id = checkId(sessionId);
        return Poller.await(waitPlan(id, options).observedAs("dock.awaitCompletion"), longPoll(id, CallOptions.forRead("requestOptions", requestOptions)));
    }

    @Override
    public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options,
            RequestOptions requestOptions) {
        String id = checkId(sessionId);
        return longPolls(id, waitPlan(id, options), requestOptions);
    }

    /**
     * The long-polls a session stream goes on with, started on one of the client's threads once the
     * stream's own wait (planned as {@code stream}) has ended: under {@code options} (which hold no
     * deadline), ending as the stream's wait would have (its deadline a reading of the monotonic clock,
     * so a wall-clock step since the stream began is no time passed), and told as carrying on its wait
     * {@code streamWaitId} (0 for none).
     */
    CompletableFuture<DockSession> carryOn(String sessionId, WaitOptions options, WaitPlan stream, long streamWaitId) {
        String id = checkId(sessionId);
        return longPolls(id, waitPlan(id, options).endingAs(stream).following(streamWaitId), RequestOptions.none());
    }

    private CompletableFuture<DockSession> longPolls(String id, WaitPlan plan, RequestOptions requestOptions) {
        return Poller.start(plan.observedAs("dock.awaitCompletion"), longPoll(id, CallOptions.forRead("requestOptions", requestOptions)));
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    @Override
    public SessionStreams streams(EventStreamReader reader, StreamSettings settings) {
        return new DefaultSessionStreams(this, reader, settings);
    }

    /** The raw forms: the same calls, answering with what came with the value. */
    private final class Raw implements WithRawResponse {
        @Override
        public RawResponse<DockSession> create(CreateSessionParams params, RequestOptions options) {
            return createRaw(params, options).raw();
        }

        @Override
        public RawResponse<DockSession> retrieve(String sessionId, Duration wait, RequestOptions options) {
            return retrieveRaw(sessionId, wait, options).raw();
        }
    }

    private Answer<DockSession> createRaw(CreateSessionParams params, RequestOptions options) {
        Require.present("params", params);
        Require.present("options", options);
        IdempotencyKey key = options.idempotencyKey().orElseGet(IdempotencyKey::random);
        byte[] body = JsonCodec.write(CreateBodyAdapter.VALUE,
                new DockWire.CreateBody(params.pid(), params.clientId(), params.guildId().orElse(null)));
        ApiRequest request = ApiRequest.post("POST /v2/sessions", body, "v2", "sessions").withIdempotencyKey(key);
        CreateTokens tokens = new CreateTokens();
        Answer<DockSession> answer;
        try {
            answer = transport.send(request, options, tokens, response -> {
                noteRateLimit(response.headers());
                DockSession read = transport.decodeCreated(response, DockJson.SESSION_DATA, "POST /v2/sessions",
                        DefaultDockClient::checkId, Map.of("pid", params.pid(), "clientId", params.clientId()), "data", "id");
                transport.checkGiven(response, read.id(), DefaultDockClient::checkId);
                DockSession session = forCreate(read, params, response);
                return Answer.of(request, response, withoutSecrets(session, response.redactor(), response.status(),
                        response.requestId(), "POST /v2/sessions"));
            });
        } catch (RuntimeException | Error failed) {
            // an attempt left without an answer, or with one not understood (an Error of an interceptor
            // or while reading too: its token was held for its lease), may have reached Dock
            tokens.end(true);
            throw failed;
        }
        // a replay or a reused session took no token (an earlier attempt whose answer was lost counted already)
        boolean replayed = "true".equalsIgnoreCase(answer.response().headers().get("Idempotent-Replayed"));
        tokens.end(!answer.value().reusedExisting() && !replayed);
        return answer;
    }

    /** The create body's adapter, built at the first create (a client that only reads never needs it). */
    private static final class CreateBodyAdapter {
        static final JsonAdapter<DockWire.CreateBody> VALUE = JsonCodec.adapter(DockWire.CreateBody.class);
    }

    /**
     * The create tokens of one create call, one per attempt: each attempt waits for its own token
     * before it is sent, since every attempt that reached Dock may have taken one there (a 5xx may
     * come after Dock counted the create; a retry with the same idempotency key that finds nothing
     * to replay is counted again).
     */
    private final class CreateTokens implements AttemptGuard {
        /** The create whose token is held, taken by whichever ends it first: the call, or the client's close. */
        private final AtomicReference<String> current = new AtomicReference<>();
        private volatile long deadline;
        private volatile Runnable forgetClose = () -> { };

        /**
         * Holds a token for the attempt, and answers the latest it may leave: the read's rule
         * ({@link RequestGate#sendBy}), from before the store was asked. The store counts a create
         * still in flight at its lease's end as arrived then, and refills; one written later (held
         * before it left: a slow lookup or connect, a pause) would reach Dock after the token was
         * spent again, by another instance. Refused unsent then, it is told {@link #notSent}.
         */
        @Override
        public long beforeAttempt(int attempt, long deadline, CallTrace trace) {
            this.deadline = deadline;
            CreateToken token = startCreate(deadline, attempt, trace);
            try {
                current.set(token.createId());
                if (transport.lifecycle().isClosed()) {
                    end(false); // closed while the create waited for its token: it is not sent
                    throw closedWhileWaiting();
                }
                // The close cancels the attempt, which may have reached Dock: the close itself tells
                // its end (sent without waiting for the store), since the caller's thread, telling it
                // after the attempt returns, may come after the application closed the store too (the
                // token was then held for its lease, and counted after it).
                forgetClose = transport.lifecycle().onClose(() -> end(true));
            } finally {
                token.admitted().run(); // a close waited for this: the token is where it finds it
            }
            return RequestGate.sendBy(token.askedNanos(), createRules.lease());
        }

        @Override
        public void attemptFailed(int attempt, VerifyKitException failure) {
            // a 429, a 5xx or no answer may have reached Dock; any other refusal was not counted
            end(!(failure instanceof ApiException refused) || refused.httpStatus() == 429 || refused.httpStatus() >= 500);
            if (failure instanceof ApiException refused && refused.httpStatus() == 429) {
                // at most the time the bucket takes to fill (a minute by default): a hint of hours (a
                // server's mistake, or a daily limit) then costs one create a minute, not every create
                // of the client's life
                Duration hint = refused.retryAfter().filter(after -> !after.isNegative()).orElse(guardrails.createRefill());
                Duration fill = guardrails.createRefill().multipliedBy(guardrails.createBurst());
                Duration hold = hint.compareTo(fill) < 0 ? hint : fill; // compared as durations: a hint may pass a long's nanoseconds
                long now = transport.scheduler().nanoTime();
                createsRefusedUntil.accumulateAndGet(now + hold.toNanos(), (a, b) -> a != NEVER_REFUSED && a - b >= 0 ? a : b);
                if (!hold.isZero()) {
                    createsRefused(hold, now, deadline);
                }
            }
        }

        @Override
        public void notSent(int attempt) {
            end(false);
        }

        /** Ends the attempt whose token is held, if one is. */
        void end(boolean counted) {
            forgetClose.run();
            String create = current.getAndSet(null);
            if (create != null) {
                endCreate(create, counted, deadline);
            }
        }
    }

    private Answer<DockSession> retrieveRaw(String sessionId, Duration wait, RequestOptions options) {
        String id = checkId(sessionId);
        RequestOptions checked = CallOptions.forRead(options);
        Duration hold = checkWait(wait);
        WaitPlan once = WaitPlan.of(transport, WaitOptions.defaults(), pace(), null, gates.of(id));
        // the answer must come within the call's timeout: the hold ends a second before, fitted when the read leaves
        return HttpAttempt.once(transport, once, readRequest(id, hold, readLimit(checked.timeout().orElse(null))), checked,
                response -> readSession(response, id));
    }

    /**
     * The plan of a wait for a session: paced by the session's gate, ending at the latest when the
     * session must have ended (a lifetime from now, plus a grace for clock skew).
     */
    WaitPlan waitPlan(String sessionId, WaitOptions options) {
        Require.present("options", options);
        return WaitPlan.of(transport, options, pace(), guardrails.sessionLifetime().plus(SessionExpiry.GRACE),
                gates.of(checkId(sessionId)));
    }

    private Poller.Attempt<DockSession> longPoll(String id, RequestOptions options) {
        SessionExpiry expiry = new SessionExpiry();
        Duration readLimit = readLimit(options.timeout().orElse(null));
        return HttpAttempt.of(transport, options,
                (number, remaining) -> readRequest(id, holdFor(number, expiry), shorter(remaining, readLimit)),
                response -> {
                    DockSession session = readSession(response, id);
                    expiry.saw(session.expiresAt(), response, transport.scheduler());
                    return session.isTerminal() ? new Poller.Done<>(session) : new Poller.Pending<>(session.status().raw());
                });
    }

    /**
     * The hold of long-poll {@code number} of a wait: the guardrails' longest (the first one up to
     * {@link DockGuardrails#holdSpread()} shorter, at random), no longer than the session can still
     * live (and, by {@link #readRequest}, than the wait has left or each read may take). Once that
     * time is used up and Dock still answers {@code pending} (its status not yet turned), the reads
     * are held again as an end never noted leaves them: Dock answers the change at once, and unheld
     * reads, one every minimum interval, would each use one of the session's poll cap.
     */
    private Duration holdFor(int number, SessionExpiry expiry) {
        long seconds = guardrails.maxWait().toSeconds();
        long spread = guardrails.holdSpread().toSeconds();
        if (number == 1 && spread > 0) {
            seconds -= ThreadLocalRandom.current().nextLong(spread + 1);
        }
        Duration untilEnd = expiry.left(transport.scheduler().nanoTime());
        if (untilEnd != null && untilEnd.compareTo(Duration.ZERO) > 0) {
            seconds = Math.min(seconds, untilEnd.toSeconds());
        }
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    /**
     * The longest hold of a read within {@code time} ({@code null}: no bound): its answer must come
     * within it, so its hold ends a second before.
     */
    private static Duration readLimit(Duration time) {
        return time == null ? null : time.minusSeconds(1);
    }

    private static Duration shorter(Duration a, Duration b) {
        return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * A read of session {@code id}, held up to {@code hold} ({@code ?wait=}, whole seconds) and no
     * longer than {@code within} from now ({@code null}: no bound) when it leaves: a read that waits
     * to leave (its turn among the session's reads, a free slot of {@code maxConcurrentWaits}, a
     * host-name lookup, a connection) is held that much less, not at all under a second.
     */
    private ApiRequest readRequest(String id, Duration hold, Duration within) {
        ApiRequest request = ApiRequest.get("GET /v2/sessions/{id}", "v2", "sessions", id);
        if (hold.isZero()) {
            return request;
        }
        long now = transport.scheduler().nanoTime();
        return request.withHold("wait", hold, within == null ? Long.MAX_VALUE : now + within.toNanos(), now);
    }

    private DockSession readSession(ApiResponse response) {
        noteRateLimit(response.headers());
        return transport.decode(response, DockJson.SESSION_DATA);
    }

    /**
     * Keeps the rate-limit figures of an answer's {@code headers} (a refusal's as a success's, a
     * stream open's too), for {@link #lastRateLimit()}.
     */
    void noteRateLimit(Headers headers) {
        noteRateLimit(lastRateLimit, headers);
    }

    /** {@link #noteRateLimit(Headers)} into {@code latest}: the error mapper's, set up before this client is. */
    private static void noteRateLimit(AtomicReference<Supplier<RateLimitInfo>> latest, Headers headers) {
        Supplier<RateLimitInfo> limits = ApiResponse.rateLimitLater(headers);
        if (limits != null) {
            latest.set(limits);
        }
    }

    /** The answer to a read of session {@code id}. */
    private DockSession readSession(ApiResponse response, String id) {
        String what = "GET /v2/sessions/{id}";
        return withoutSecrets(sameSession(readSession(response), id, response.status(), response.requestId(), what),
                response.redactor(), response.status(), response.requestId(), what);
    }

    private Pace pace() {
        return pace;
    }

    /**
     * A create token the store holds: the create's id, when (scheduler nanos) the store was asked
     * for it, before its lease began, and what ends the section in which it was asked for
     * ({@link ClientLifecycle#admitting()}), once the token is kept where a close finds it.
     */
    private record CreateToken(String createId, long askedNanos, Runnable admitted) {}

    /**
     * Waits until the store holds a create token for a new create, and returns it; fails when that
     * would take longer than {@code createTokenWait} or pass the call's {@code deadline} (scheduler
     * nanos), sending nothing.
     */
    private CreateToken startCreate(long callDeadline, int attempt, CallTrace trace) {
        String createId = UUID.randomUUID().toString();
        long start = transport.scheduler().nanoTime();
        // nanoTime's origin is arbitrary: its readings are compared by their differences only
        boolean callFirst = callDeadline != Long.MAX_VALUE && callDeadline - start < createTokenWait.toNanos();
        long deadline = callFirst ? callDeadline : start + createTokenWait.toNanos();
        long asked = start;
        while (true) {
            CreateStart answer;
            long refusedUntil = createsRefusedUntil.get();
            long refusedFor = refusedUntil == NEVER_REFUSED ? 0 : refusedUntil - transport.scheduler().nanoTime();
            if (refusedFor > 0) {
                answer = CreateStart.refusedFor(Duration.ofNanos(refusedFor)); // not asking the store: no token is held while waiting
            } else {
                asked = transport.scheduler().nanoTime();
                // a store of the caller's: its answer is kept where a close finds it in one section
                // with the asking, which the close waits for (ended by CreateTokens once kept)
                Runnable admitted = storeWaits == null ? NOT_ADMITTING : storeWaits.admitting();
                if (admitted == null) {
                    throw closedWhileWaiting(); // the client closed: the store is not asked
                }
                answer = null;
                try {
                    answer = askCreate(createId, asked, callDeadline);
                } finally {
                    if (answer == null || answer.kind() != CreateStart.Kind.STARTED) {
                        admitted.run();
                    }
                }
                if (answer.kind() == CreateStart.Kind.STARTED) {
                    return new CreateToken(createId, asked, admitted);
                }
            }
            Duration wait = answer.retryAfter();
            long answered = transport.scheduler().nanoTime();
            if (wait.toNanos() >= deadline - answered) { // a token at the timeout: too late to send
                throw tooLateForAToken(answer, wait, refusedFor > 0, callFirst);
            }
            trace.bucketWait(attempt, wait);
            // a listener told of the wait took part of it, and maybe what was left of the call's time
            long now = transport.scheduler().nanoTime();
            Duration rest = wait.minusNanos(now - answered);
            // the token still comes at answered + wait, before the deadline: only a listener that took
            // the deadline itself leaves the create too late (rest >= deadline - now is the check above)
            if (deadline - now <= 0) {
                throw tooLateForAToken(answer, wait, refusedFor > 0, callFirst);
            }
            boolean open;
            try {
                open = transport.lifecycle().sleepInWait(transport.scheduler(), rest.isNegative() ? Duration.ZERO : rest);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WaitCancelledException(Service.DOCK, 0);
            }
            if (!open) {
                throw closedWhileWaiting();
            }
        }
    }

    private static final Runnable NOT_ADMITTING = () -> { };

    /**
     * The failure of a create whose token ({@code wait} from the store's answer) would come at or
     * after its deadline: that of the call's timeout when {@code callFirst}, else of {@code createTokenWait}.
     *
     * @param heldBack whether this client holds creates back after Dock's refusal (the store was not asked)
     */
    private RateLimitException tooLateForAToken(CreateStart answer, Duration wait, boolean heldBack, boolean callFirst) {
        String why = answer.kind() == CreateStart.Kind.REFUSED
                ? "Dock refused a create (429) and takes none for another " + wait.toMillis() + " ms"
                        + (heldBack ? "" : " (recorded in the guardrail store by a client sharing it)")
                : "the create bucket (" + guardrails.createBurst() + " sessions, one more every "
                        + guardrails.createRefill().toMillis() + " ms) is empty; the next token comes in "
                        + wait.toMillis() + " ms";
        return new RateLimitException(new ApiError(Service.DOCK, 429, "RATE_LIMITED",
                why + ", after " + (callFirst ? "the call's timeout" : "createTokenWait ("
                        + createTokenWait.toMillis() + " ms)") + "; nothing was sent",
                null, "POST /v2/sessions", wait));
    }

    /** Asks the store for create {@code createId}'s token. */
    private CreateStart askCreate(String createId, long askedAt, long callDeadline) {
        CreateStart answer;
        try {
            answer = StoreReadState.ask(storeWaits, () -> store.tryStartCreate(account, createId, createRules,
                    StoreReadState.timeLeft(askedAt, callDeadline)));
        } catch (RuntimeException e) {
            if (transport.lifecycle().isClosed()) {
                throw closedWhileWaiting(); // the close interrupted the store call
            }
            throw StoreReadState.unavailable("the create was not sent", e);
        }
        if (answer == null) {
            throw StoreReadState.unavailable("the create was not sent", new NullPointerException("tryStartCreate answered null"));
        }
        return answer;
    }

    private WaitCancelledException closedWhileWaiting() {
        boolean closed = transport.lifecycle().isClosed();
        return new WaitCancelledException(Service.DOCK, 0, (closed ? "the client was closed" : "the client's waits were"
                + " cancelled (its application is shutting down)") + " while the create waited for a create token;"
                + " nothing was sent", closed);
    }

    /** Tells the store of Dock's refusal, for the other instances sharing it (this client holds back its own creates). */
    private void createsRefused(Duration hold, long now, long deadline) {
        try {
            StoreReadState.tell(storeWaits, StoreReadState.timeLeft(now, deadline),
                    left -> store.createsRefused(account, createRules, hold, left));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the guardrail store did not record Dock's refusal of a create;"
                    + " the other clients sharing it may draw one each", e);
        }
    }

    /**
     * Tells the store a create ended: {@code counted} when it may have reached Dock (its token is
     * taken now, the latest it can have arrived), otherwise its token is free again; within what is
     * left of the call's {@code deadline} (scheduler nanos). A store that fails here is left to the
     * create's lease, which counts it as arrived when it ends.
     */
    private void endCreate(String createId, boolean counted, long deadline) {
        Duration timeLeft = StoreReadState.timeLeft(transport.scheduler().nanoTime(), deadline);
        try {
            StoreReadState.tell(storeWaits, timeLeft, counted ? left -> store.createArrived(account, createId, createRules, left)
                    : left -> store.createUncounted(account, createId, createRules, left));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the guardrail store did not record the end of a create;"
                    + " its lease (" + createRules.lease() + ") counts it as arrived when it ends", e);
        }
    }

    /**
     * A session id as it goes into a request's path: trimmed, at most 256 characters, and not a
     * dot segment ({@code .} or {@code ..}), which a URL resolves away: {@code ..} would send the
     * read to {@code /v2} and a stream to {@code /v2/stream}, with the API key. Nor has it a
     * separator ({@code / \ ? #}) or a control character: sent encoded, but a server that decodes
     * {@code %2F} (or takes a backslash for a slash) would route the read, with the key, elsewhere.
     * Nor a lone surrogate, which UTF-8 cannot carry: sent as {@code ?}, the read would name another id.
     * The control characters are those a message escapes ({@link Escapes#isUnsafe}): the C0 and C1
     * controls, DEL, the line and paragraph separators and the bidirectional controls, which the id,
     * quoted in messages ("… of session {@code id} was about another session"), would carry into logs.
     */
    static String checkId(String sessionId) {
        String id = Require.wellFormed("sessionId", Require.notBlank("sessionId", sessionId));
        if (id.length() > Require.LONGEST_DOCK_SESSION_ID) {
            throw new ValidationException("sessionId", "must be at most " + Require.LONGEST_DOCK_SESSION_ID + " characters");
        }
        if (id.equals(".") || id.equals("..")) {
            throw new ValidationException("sessionId", "must not be \".\" or \"..\" (a URL would resolve it to another path)");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || c == '?' || c == '#' || Escapes.isUnsafe(c)) {
                throw new ValidationException("sessionId", "must not contain '/', '\\', '?', '#', a control character, a line or paragraph"
                        + " separator or a bidirectional control"
                        + " (character " + (i + 1) + " is one)");
            }
        }
        return id;
    }

    private Duration checkWait(Duration wait) {
        Require.present("wait", wait);
        if (wait.isNegative() || wait.compareTo(guardrails.maxWait()) > 0 || wait.getNano() != 0) {
            throw new ValidationException("wait", "must be whole seconds from 0 to " + guardrails.maxWait().toSeconds());
        }
        return wait;
    }
}
