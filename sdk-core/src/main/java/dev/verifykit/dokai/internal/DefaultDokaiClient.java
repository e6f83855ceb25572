package dev.verifykit.dokai.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.dokai.VerifySessions;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.Service;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.internal.Answer;
import dev.verifykit.http.internal.ApiRequest;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.CallOptions;
import dev.verifykit.http.internal.Credentials;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.http.internal.TransportClient;
import dev.verifykit.internal.Require;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.poll.internal.HttpAttempt;
import dev.verifykit.poll.internal.Pace;
import dev.verifykit.poll.internal.Poller;
import dev.verifykit.poll.internal.RequestGate;
import dev.verifykit.poll.internal.SessionExpiry;
import dev.verifykit.poll.internal.WaitPlan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** The Dokai client: its wire format (snake_case JSON, 201 on create), its errors, and polling with backoff. */
public final class DefaultDokaiClient extends TransportClient implements DokaiClient, VerifySessions {
    private static final JsonAdapter<Object> TREE = JsonTree.ADAPTER;
    private static final double GROWTH = 1.5;
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Pace pace;
    /**
     * A wait's own bound: the sessions' lifetime and the expiry's grace, then one more poll interval
     * and two calls' time, so that a wait begun as its session began still makes the read past the
     * session's end that its expiry rule promises (the rule ends it once that read is made).
     */
    private final Duration waitBound;
    private final WithRawResponse raw = new Raw();

    public DefaultDokaiClient(String apiKey, HttpSettings http, Duration initialPollInterval, Duration maxPollInterval,
            Duration sessionLifetime) {
        super("DokaiClient", new HttpTransport(Service.DOKAI, http, DEFAULT_BASE_URL,
                Credentials.bearer(Secret.of(apiKey)), new DokaiErrorMapper()));
        Duration floor = initialPollInterval.compareTo(Duration.ofSeconds(1)) < 0 ? initialPollInterval : Duration.ofSeconds(1);
        this.pace = Pace.growing(floor, initialPollInterval, maxPollInterval, GROWTH);
        this.waitBound = Require.capped(sessionLifetime.plus(SessionExpiry.GRACE).plus(maxPollInterval)
                .plus(transport.settings().callTimeout().multipliedBy(2)));
    }

    @Override
    public VerifySessions verifySessions() {
        return this;
    }

    @Override
    protected String shownSettings() {
        return ", apiKey=[REDACTED]";
    }

    @Override
    public KycSession create(CreateKycSessionParams params, RequestOptions options) {
        return createRaw(params, options).value();
    }

    @Override
    public KycSession retrieve(String sessionId, RequestOptions options) {
        return retrieveRaw(sessionId, options).value();
    }

    @Override
    public KycSession awaitResult(String sessionId, WaitOptions options, RequestOptions requestOptions) {
        String id = checkId(sessionId);
        return Poller.await(plan(options).observedAs("dokai.awaitResult"), polls(id, CallOptions.forRead("requestOptions", requestOptions)));
    }

    @Override
    public CompletableFuture<KycSession> awaitResultAsync(String sessionId, WaitOptions options,
            RequestOptions requestOptions) {
        String id = checkId(sessionId);
        return Poller.start(plan(options).observedAs("dokai.awaitResult"), polls(id, CallOptions.forRead("requestOptions", requestOptions)));
    }

    @Override
    public WithRawResponse withRawResponse() {
        return raw;
    }

    /** The raw forms: the same calls, answering with what came with the value. */
    private final class Raw implements WithRawResponse {
        @Override
        public RawResponse<KycSession> create(CreateKycSessionParams params, RequestOptions options) {
            return createRaw(params, options).raw();
        }

        @Override
        public RawResponse<KycSession> retrieve(String sessionId, RequestOptions options) {
            return retrieveRaw(sessionId, options).raw();
        }
    }

    private Answer<KycSession> createRaw(CreateKycSessionParams params, RequestOptions options) {
        Require.present("params", params);
        CallOptions.withoutIdempotencyKey("options", options, "is not understood by Dokai, whose create has no idempotency:"
                + " a create is not sent again once it may have arrived");
        Map<String, Object> body = new LinkedHashMap<>();
        params.webhookUrl().ifPresent(v -> body.put("webhook_url", v));
        params.documentType().ifPresent(v -> body.put("document_type", v));
        params.documentBrand().ifPresent(v -> body.put("document_brand", v));
        ApiRequest request = ApiRequest.post("POST /v1/verify/session", JsonCodec.write(TREE, body),
                "v1", "verify", "session");
        return transport.send(request, options, response -> {
            KycSession session = transport.decodeCreated(response, DokaiJson.SESSION, "POST /v1/verify/session",
                    DefaultDokaiClient::checkId, Map.of(), "id");
            transport.checkGiven(response, session.id(), DefaultDokaiClient::checkId);
            if (session.url().isEmpty()) {
                // a read keeps a session without a url, or whose url does not fit (a webhook's stays
                // handled); a create's url is the page to send the user to, documented in every create's
                // answer, and a javascript: one would run in their browser
                throw new MalformedResponseException(Service.DOKAI, response.status(), "dokai: POST /v1/verify/session:"
                        + " the session " + response.redactor().serverText(session.id()) + " was created, but "
                        + (session.additionalProperties().containsKey("url")
                                ? "the url its answer gives is no absolute http or https URL (not shown)"
                                : "its answer gives no url"), response.requestId(), null);
            }
            return Answer.of(request, response, withoutSecrets(session, response, "POST /v1/verify/session"));
        });
    }

    private Answer<KycSession> retrieveRaw(String sessionId, RequestOptions options) {
        String id = checkId(sessionId);
        RequestOptions checked = CallOptions.forRead(options);
        return HttpAttempt.once(transport, plan(WaitOptions.defaults()), readRequest(id), checked, r -> readSession(r, id));
    }

    /**
     * The session an answer to a read of {@code id} describes, when it is that session: an answer
     * about another one (a proxy or a cache that mixed answers up) is malformed, never taken for
     * this one's outcome (its identity is another person's).
     */
    private KycSession readSession(ApiResponse response, String id) {
        KycSession session = transport.decode(response, DokaiJson.SESSION);
        if (!id.equals(session.id())) {
            throw new MalformedResponseException(Service.DOKAI, response.status(), "dokai: GET /v1/verify/session/{id}"
                    + " of session " + id + " was about another session", response.requestId(), null);
        }
        return withoutSecrets(session, response, "GET /v1/verify/session/{id}");
    }

    /**
     * {@code session} as the client hands it out: the client's own secrets (its API key) that the
     * server reflected into its text masked, as in a server's text ({@link DokaiJson#withoutSecrets}).
     * Called once the session was checked as it came against what was asked for: a value masked
     * never passes for the one asked for. An id holding a secret is malformed: masked, it would
     * name no session, or another one masked alike.
     */
    private static KycSession withoutSecrets(KycSession session, ApiResponse response, String what) {
        KycSession shown = DokaiJson.withoutSecrets(session, response.redactor());
        if (shown != session && !shown.id().equals(session.id())) {
            throw new MalformedResponseException(Service.DOKAI, response.status(), "dokai: " + what
                    + " gave a session whose id holds this client's credentials (not shown)", response.requestId(), null);
        }
        return shown;
    }

    private WaitPlan plan(WaitOptions options) {
        Require.present("options", options);
        return WaitPlan.of(transport, options, pace, waitBound, RequestGate.open());
    }

    /**
     * Reads until the outcome. Once the session's own expiry (plus a grace) has passed, it is read
     * once more (an outcome reached between the last read and the expiry is Dokai's for good), and
     * then the wait gives up without asking, whatever became of that read (a failed one is not tried
     * again). A read that started after the end (the first of a wait on a session already over) is
     * that read: the engine's next turn, at once, then ends the wait without a request
     * ({@link Poller.Pending#readOnceAfter}), rather than reading again at once.
     */
    private Poller.Attempt<KycSession> polls(String id, RequestOptions options) {
        SessionExpiry expiry = SessionExpiry.keepingPastEnds(); // the wait ends after one more read past it
        AtomicBoolean askedPastEnd = new AtomicBoolean(); // one read after the end, whatever became of it
        AtomicLong started = new AtomicLong(); // when the last read started (a reading of the scheduler's nanoTime)
        return HttpAttempt.of(transport, options, (number, remaining) -> {
            started.set(transport.scheduler().nanoTime());
            return readRequest(id);
        }, response -> {
            KycSession session = readSession(response, id);
            session.expiresAt().ifPresent(at -> expiry.saw(at, response, transport.scheduler()));
            Long end = expiry.passesAt();
            if (end != null && started.get() - end > 0) { // readings compared by difference
                askedPastEnd.set(true); // this read is the one after the end
            }
            // an unknown status goes on waiting; the progress names it as the server's text (events and logs hold no
            // secret), and counts to the session's end and grace, after which the wait reads once more
            return session.isTerminal() ? new Poller.Done<KycSession>(session)
                    : new Poller.Pending<KycSession>(transport.redactor().serverText(session.status().raw()), Duration.ZERO,
                            null, end);
        }).unless(number -> {
            if (expiry.passed(transport.scheduler().nanoTime()) && askedPastEnd.getAndSet(true)) {
                throw new WaitTimeoutException(Service.DOKAI, "dokai: session " + id
                        + " passed its expires_at (" + expiry.stated() + ") without an outcome", number - 1, null);
            }
            return null;
        });
    }

    private static ApiRequest readRequest(String id) {
        return ApiRequest.get("GET /v1/verify/session/{id}", "v1", "verify", "session", id);
    }

    /**
     * A session id the client sends: {@code [A-Za-z0-9_-]{1,128}}; one Dokai gives (a create's answer,
     * a webhook delivery's session) is checked against it too.
     *
     * @throws ValidationException naming {@code sessionId}
     */
    public static String checkId(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new ValidationException("sessionId", "must be a session id as create returned it (e.g. ver_abc123)");
        }
        return sessionId;
    }
}
