package dev.verifykit.http.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.error.ApiError;
import dev.verifykit.error.ApiException;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RedirectException;
import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.internal.Listeners;
import dev.verifykit.event.internal.StderrLog;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.http.RetryPolicy;
import dev.verifykit.internal.Require;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.json.internal.Values;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.internal.SystemScheduler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The one HTTP transport of the SDK: builds requests under a base URL with credentials and user
 * agent, sends them on a shared {@link OkHttpClient}, retries what is safe per the
 * {@link RetryPolicy}, bounds response sizes, and turns every failure into a typed exception.
 *
 * <p>Two kinds of OkHttp client: one for ordinary calls (on the caller's pool and dispatcher when
 * one was given), and {@link WaitClients} for waiting traffic (long-polls and streams), with their
 * own dispatcher and connection pools sized for it, so that waits never queue behind OkHttp's
 * default limit of five calls per host, and thousands of held connections never slow the pool
 * lookups of creates and reads (nor of each other).
 */
public final class HttpTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.http");

    private final Service service;
    private final HttpUrl baseUrl;
    private final Credentials credentials;
    private final ErrorMapper errors;
    private final Redactor redactor;
    private final HttpSettings settings;
    private final Scheduler scheduler;
    private final AttemptDeadlines deadlines;
    private final OkHttpClient client;
    /** {@link #client} on connections of its own, each closed after its one exchange: see {@link #clientFor}. */
    private final OkHttpClient singleUseClient;
    private final WaitClients waitClients;
    private final Dispatcher waitDispatcher;
    private final OkHttpClient ownedBase;
    private final ExecutorService ownedWaitExecutor;
    private final SystemScheduler ownedTimer;
    /** The timer of the attempts' time limits: {@link #ownedTimer}, or one of their own beside a scheduler of the caller's. */
    private final SystemScheduler deadlineTimer;
    private final ConnectionPool ownedPool;
    private final HostLookups lookups;
    private final ClientLifecycle lifecycle;
    private final VerifyKitListener listener;
    /** What the calls in flight carry to the interceptors (in place of OkHttp's request tags). */
    private final CallMarks marks = new CallMarks();

    public HttpTransport(
            Service service, HttpSettings settings, String defaultBaseUrl, Credentials credentials, ErrorMapper errors) {
        DependencyCheck.requireCompatible();
        this.service = service;
        this.lifecycle = new ClientLifecycle(service);
        this.settings = settings;
        this.baseUrl = BaseUrls.parse(settings.baseUrl().orElse(defaultBaseUrl));
        this.credentials = credentials;
        this.errors = errors;
        NetworkSettings network = new NetworkSettings(settings);
        List<Secret> secrets = new ArrayList<>(credentials.secrets());
        secrets.addAll(network.secrets());
        this.redactor = new Redactor(secrets);
        // The default scheduler gets a timer of this client's own, shut down by close(): no thread of
        // the library outlives the clients that use it (an application server's redeploy).
        this.ownedTimer = settings.scheduler() == Scheduler.system() ? SystemScheduler.newTimer() : null;
        this.scheduler = ownedTimer != null ? ownedTimer : settings.scheduler();
        // Attempt limits are real time, as OkHttp's timeouts are, whatever scheduler the waits use: on a
        // timer of this client's own too (the JVM-wide one's threads outlived the client by 30 s)
        this.deadlineTimer = ownedTimer != null ? ownedTimer : SystemScheduler.newTimer();
        this.deadlines = new AttemptDeadlines(deadlineTimer);
        this.listener = Listeners.of(StderrLog.withConfigured(settings.listeners()));
        this.ownedBase = settings.okHttpClient().isPresent() ? null : new OkHttpClient();
        OkHttpClient base = settings.okHttpClient().orElse(ownedBase);
        this.lookups = new HostLookups(base.dns());
        OkHttpClient.Builder builder = base.newBuilder()
                .dns(lookups)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(Duration.ZERO) // each attempt gets its own limit: see attemptNanos
                .followRedirects(false)
                .followSslRedirects(false)
                // an application's HTTP cache would answer reads (and every poll of a wait) with an old
                // state and write identity data to its disk; its cookie jar would send its cookies to the
                // service and keep the service's: the API is stateless, its credential is the key
                .cache(null)
                .cookieJar(CookieJar.NO_COOKIES);
        this.ownedPool = network.apply(builder, base);
        if (!base.protocols().contains(Protocol.H2_PRIOR_KNOWLEDGE)) { // HTTP/1's text only: see LineBound
            LineBound.apply(builder, base.socketFactory(), LineBound.limit(settings.maxResponseBytes()));
        }
        CompressedBound.apply(builder, LineBound.limit(settings.maxResponseBytes()));
        SingleSends.apply(builder);
        SendTimes.apply(builder, scheduler, marks);
        this.client = builder.build();
        this.singleUseClient = client.newBuilder().connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();
        this.ownedWaitExecutor = settings.waitExecutor().isPresent() ? null : WaitThreads.newExecutor();
        this.waitDispatcher = new Dispatcher(settings.waitExecutor().orElse(ownedWaitExecutor));
        waitDispatcher.setMaxRequests(settings.maxConcurrentWaits());
        waitDispatcher.setMaxRequestsPerHost(settings.maxConcurrentWaits());
        OkHttpClient.Builder waitBuilder = client.newBuilder().dispatcher(waitDispatcher);
        if (ownedWaitExecutor != null && WaitThreads.pinnedByMonitors() && client.protocols().contains(Protocol.HTTP_1_1)) {
            // OkHttp's HTTP/2 streams wait in Object.wait() inside synchronized, which on Java 21-23
            // pins a virtual thread's carrier for the whole hold; over HTTP/1.1 a held call blocks in
            // a plain socket read, which does not.
            waitBuilder.protocols(List.of(Protocol.HTTP_1_1));
        }
        this.waitClients = new WaitClients(waitBuilder, settings.maxConcurrentWaits(), network.keepAlive().toNanos(), marks);
    }

    public Service service() {
        return service;
    }

    /** Whether the client is open, and what ends when it closes. */
    public ClientLifecycle lifecycle() {
        return lifecycle;
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The threads that run this client's waiting calls: the caller's {@code waitExecutor}, or the client's own. */
    public Executor waitExecutor() {
        return settings.waitExecutor().orElse(ownedWaitExecutor);
    }

    public Redactor redactor() {
        return redactor;
    }

    public HttpSettings settings() {
        return settings;
    }

    /** Who hears what the client does: {@link VerifyKitListener#NONE} when nobody listens. */
    public VerifyKitListener listener() {
        return listener;
    }

    /** Begins the events of a call sent outside {@link #send}, such as a stream open. */
    public CallTrace trace(ApiRequest request, long waitId) {
        return CallTrace.begin(listener, scheduler, service, request.endpoint(), waitId, request.method(), baseUrl);
    }

    /**
     * The settings of the clients for waiting traffic: their own dispatcher, sized for many
     * concurrent long calls. Calls go to {@link #waitClient(ApiRequest)}.
     */
    public OkHttpClient waitClient() {
        return waitClients.first();
    }

    /** The client for a waiting call of {@code request}: the one of the connection pool for its path. */
    public OkHttpClient waitClient(ApiRequest request) {
        return waitClients.forPath(request.pathSegments());
    }

    /**
     * A waiting call of {@code request} sent outside {@link #send} (a stream), with the listener's
     * headers of the call ({@code traced}), on the wait client of its path, read with its own
     * {@code readTimeout} instead of the client's. Tell {@link #ended(Call)} once OkHttp told its end.
     */
    public Call newWaitCall(ApiRequest request, Map<String, String> traced, Duration readTimeout) {
        return marks.newCall(waitClient(request), toHttpRequest(request, RequestOptions.none(), traced),
                new CallMarks.Mark(request.sendBy(), readTimeout, request.hold()));
    }

    /** Ends what the transport keeps of a call of {@link #newWaitCall}: OkHttp told its end (a callback ran). */
    public void ended(Call call) {
        marks.ended(call);
    }

    /** How many calls the transport keeps a mark of: its calls in flight (for tests). */
    public int markedCalls() {
        return marks.size();
    }

    /** The mark of a call of {@code request}: the time it must leave by, and a held call's own read timeout. */
    private CallMarks.Mark mark(ApiRequest request) {
        return new CallMarks.Mark(request.sendBy(),
                request.hold().isZero() ? null : settings.readTimeout().plus(request.hold().longest()), request.hold());
    }

    /**
     * Sends a request, blocking, with the retries the policy and the request allow, and answers
     * the response as it is: for a caller that reads nothing of it. A caller that reads the answer
     * passes its reading ({@link #send(ApiRequest, RequestOptions, Function)}), so that an answer
     * it cannot read ends the call as a failure.
     */
    public ApiResponse send(ApiRequest request, RequestOptions options) {
        return send(request, options, 0, false, AttemptGuard.NONE, Function.identity());
    }

    /**
     * Sends a request, blocking, and reads its answer with {@code reading} before the call's end
     * is told: what {@code reading} throws (an answer not understood) ends the call, as the
     * caller sees it.
     */
    public <R> R send(ApiRequest request, RequestOptions options, Function<ApiResponse, R> reading) {
        return send(request, options, 0, false, AttemptGuard.NONE, reading);
    }

    /**
     * {@link #send(ApiRequest, RequestOptions, Function)} as a request of a wait (a blocking wait's
     * read): {@code ClientLifecycle.cancelWaits()} ends it, as {@code close()} does. {@code waitId} is
     * only what the listener is told ({@code CallStart.waitId}): 0 when no listener was told of the
     * wait, which is a wait all the same.
     */
    public <R> R sendInWait(ApiRequest request, RequestOptions options, long waitId, Function<ApiResponse, R> reading) {
        return send(request, options, waitId, true, AttemptGuard.NONE, reading);
    }

    /**
     * {@link #send(ApiRequest, RequestOptions, Function)} with {@code guard} run around each
     * attempt: a response returned ends its attempt with the caller.
     */
    public <R> R send(ApiRequest request, RequestOptions options, AttemptGuard guard, Function<ApiResponse, R> reading) {
        return send(request, options, 0, false, guard, reading);
    }

    /** @param ofAWait whether the call is a request of a wait, which {@code ClientLifecycle.cancelWaits()} ends */
    private <R> R send(ApiRequest request, RequestOptions options, long waitId, boolean ofAWait, AttemptGuard guard,
            Function<ApiResponse, R> reading) {
        lifecycle.checkOpen(request.endpoint());
        checkHeaders(options); // refused before the listener hears of a call, as a read is
        long deadline = deadline(options); // from before the listener hears of the call: its time is the call's
        CallTrace trace = trace(request, waitId);
        try {
            R read = reading.apply(sendTraced(request, options, deadline, trace, guard, ofAWait));
            trace.ended(null);
            return read;
        } catch (RuntimeException e) {
            throw ended(request, trace, e);
        } catch (Error e) {
            ended(request, trace, e);
            throw e;
        }
    }

    /**
     * Tells the end of a call that failed with {@code e} outside its attempts' own handling (its
     * reading, a guard, building its request), and returns the failure as the caller receives it:
     * a {@link VerifyKitException} as itself, anything else wrapped, never raw (an {@link Error}
     * is rethrown by the caller as it is).
     */
    private VerifyKitException ended(ApiRequest request, CallTrace trace, Throwable e) {
        VerifyKitException failure = Unexpected.wrap(service, request.endpoint(), e);
        trace.ended(failure);
        return failure;
    }

    /**
     * Sends a request, blocking, as attempts of a call whose events {@code trace} tells (it is
     * begun and ended by the caller, who may try again: {@code Poller.once}).
     */
    public ApiResponse send(ApiRequest request, RequestOptions options, CallTrace trace) {
        lifecycle.checkOpen(request.endpoint());
        return sendTraced(request, options, deadline(options), trace, AttemptGuard.NONE, false);
    }

    /** @param ofAWait whether the call is a request of a wait, which {@code ClientLifecycle.cancelWaits()} ends */
    private ApiResponse sendTraced(ApiRequest request, RequestOptions options, long deadline, CallTrace trace,
            AttemptGuard guard, boolean ofAWait) {
        Request httpRequest = toHttpRequest(request, options, trace.headers());
        int maxRetries = options.maxRetries().orElse(settings.retryPolicy().maxRetries());
        VerifyKitException previous = null;
        for (int attempt = 1; ; attempt++) {
            if (passed(deadline)) {
                // an attempt whose turn came after the call's timeout (a slow listener) is not sent
                throw previous != null ? previous : notSentInTime(request);
            }
            long sendBy;
            try {
                sendBy = guard.beforeAttempt(attempt, deadline, trace);
            } catch (RuntimeException e) {
                if (e instanceof WaitCancelledException) {
                    trace.cancelled(); // the client closed (or the thread was interrupted) while it waited
                }
                if (previous == null) {
                    throw e;
                }
                previous.addSuppressed(e);
                throw previous;
            }
            if (!passed(deadline)) {
                trace.attemptAdmitted(); // its retry is told only when it can still be sent
            }
            // the guard's wait, or a listener told of the retry or of the attempt, may take what was left of the call's time
            TransportException late = passed(deadline) ? notSentInTime(request) : attemptStarted(trace, request, deadline);
            if (late != null) {
                guard.notSent(attempt);
                throw previous != null ? previous : late;
            }
            CallMarks.Mark mark = mark(sendBy == Long.MAX_VALUE ? request : request.withSendBy(sendBy));
            Call call = marks.newCall(clientFor(request, false), httpRequest, mark);
            Outcome outcome;
            Call outer = HostLookups.serving(call);
            // a wait's request ends with its wait when the waits are cancelled (the client's close cancels every call)
            Runnable forget = ofAWait ? lifecycle.onWaitsCancelled(call::cancel) : NOTHING;
            AttemptLimit attemptLimit = attemptLimit(request, deadline);
            try (AttemptDeadlines.Watch limit = deadlines.watchBlocking(call, attemptLimit.nanos())) {
                try (Response response = call.execute()) {
                    outcome = classify(request, read(request, response, attempt, mark.sentNanos(), mark.held()));
                } catch (IOException e) {
                    // Okio refuses I/O on an interrupted thread before the watch sees the interrupt
                    outcome = limit.interrupted() || Thread.currentThread().isInterrupted() ? interrupted(request, e)
                            : classify(request, e, call.isCanceled(), limit.expired(), attemptLimit.source(), !mark.written());
                } catch (VerifyKitException e) {
                    outcome = new Outcome(null, e, false);
                } catch (RuntimeException e) {
                    outcome = unexpected(request, e); // an interceptor of the application's OkHttpClient threw
                } catch (Error e) {
                    trace.attemptEnded(null, unexpected(request, e).failure()); // rethrown as it is, the attempt told ended
                    throw e;
                } catch (Exception e) {
                    // OkHttp 5's connect race throws a bare InterruptedException (undeclared), clearing the flag
                    outcome = interrupted(request, e);
                }
            } finally {
                forget.run();
                HostLookups.served(outer);
                marks.ended(call);
            }
            trace.attemptEnded(outcome.response(), outcome.failure());
            if (outcome.response() != null) {
                return outcome.response();
            }
            if (outcome.cancelled()) {
                trace.cancelled();
                if (!mark.written() && lifecycle.isClosed()) {
                    // the close cut it before it was handed to a connection (in its lookup, its connect):
                    // nothing left, as for a call the close cut before its asynchronous attempt started
                    guard.notSent(attempt);
                    throw new ClientClosedException(service, request.endpoint(), true);
                }
            }
            if (outcome.unsent()) {
                guard.notSent(attempt); // refused as it was about to leave, past the time it had to leave by
            } else {
                guard.attemptFailed(attempt, outcome.failure());
            }
            previous = outcome.failure();
            Duration delay = Thread.currentThread().isInterrupted() ? null : retryDelay(outcome, attempt, maxRetries, deadline);
            if (delay == null) {
                throw outcome.failure();
            }
            retrying(request, trace, attempt, delay, outcome.failure());
            boolean open;
            try {
                open = lifecycle.sleep(scheduler, delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                trace.cancelled();
                throw new TransportException(service, service.label() + ": " + request.endpoint()
                        + " interrupted while waiting to retry", outcome.failure().requestId().orElse(null), e);
            }
            if (!open) {
                trace.cancelled();
                throw outcome.failure(); // closed while waiting to retry: nothing more is sent
            }
        }
    }

    /**
     * Sends a request on the waiting dispatcher without blocking. Cancelling the future cancels
     * the call in flight and any retry not yet started.
     */
    public CompletableFuture<ApiResponse> sendAsync(ApiRequest request, RequestOptions options) {
        return sendAsync(request, options, 0, Function.identity());
    }

    /**
     * {@link #sendAsync(ApiRequest, RequestOptions)} as a request of the wait {@code waitId} (0:
     * none), its answer read with {@code reading} (on the thread that received it) before the
     * call's end is told: what {@code reading} throws ends the call, and the future, with it.
     */
    public <R> CompletableFuture<R> sendAsync(ApiRequest request, RequestOptions options, long waitId,
            Function<ApiResponse, R> reading) {
        lifecycle.checkOpen(request.endpoint());
        checkHeaders(options); // refused before the listener hears of a call
        long deadline = deadline(options); // from before the listener hears of the call
        CallTrace trace = trace(request, waitId);
        Request httpRequest;
        try {
            httpRequest = toHttpRequest(request, options, trace.headers());
        } catch (RuntimeException e) {
            throw ended(request, trace, e); // begun, so ended, though nothing was sent
        } catch (Error e) {
            ended(request, trace, e);
            throw e;
        }
        AsyncCall<R> async = new AsyncCall<>(request, httpRequest,
                options.maxRetries().orElse(settings.retryPolicy().maxRetries()), deadline, trace, reading);
        async.start(1);
        return async;
    }

    /**
     * The typed failure of a refused response (not 2xx) to a request sent outside {@link #send},
     * such as a stream open: the body is read (bounded) and mapped like any other refusal. The
     * caller still closes the response. A body cut off by {@code call}'s time limit is a timeout
     * naming {@code limit}, as {@link #transportFailure(ApiRequest, IOException, boolean, String)} names it;
     * one cut off by the caller's deadline ({@code cutByDeadline}, asked once the read failed: the
     * deadline cancels the call) is a timeout naming what was left of the call's timeout, as a
     * long-poll's body cut by it is, not a cancel.
     */
    public VerifyKitException refusal(ApiRequest request, Response response, Call call, String limit,
            BooleanSupplier cutByDeadline) {
        try {
            return classify(request, read(request, response, 1, CallMarks.UNKNOWN, request.hold().longest())).failure();
        } catch (IOException e) {
            boolean expired = cutByDeadline.getAsBoolean();
            // its body cut off by the call's limit, or by the deadline
            return classify(request, e, call.isCanceled(), expired, expired ? CALLS_OWN_TIMEOUT : limit).failure();
        } catch (VerifyKitException e) {
            return e;
        }
    }

    /** The typed failure of an I/O error of a request sent outside {@link #send}. */
    public TransportException transportFailure(ApiRequest request, IOException e, boolean cancelled) {
        return (TransportException) classify(request, e, cancelled).failure();
    }

    /**
     * {@link #transportFailure(ApiRequest, IOException, boolean)} of a request sent outside {@link #send}
     * under a time limit of its own (a stream open's until its head): when that limit cut it off, the
     * message names {@code limit} (see {@link #limitText}), as an attempt of {@link #send} names its own.
     */
    public TransportException transportFailure(ApiRequest request, IOException e, boolean cancelled, String limit) {
        return (TransportException) classify(request, e, cancelled, false, limit).failure();
    }

    /** A time limit as a timed-out attempt's message names it: {@code connectTimeout 10 s}. */
    public static String limitText(String setting, Duration value) {
        return setting + " " + shortText(value);
    }

    /** Reads a successful response's JSON body, or explains why it could not. */
    public <T> T decode(ApiResponse response, JsonAdapter<T> adapter) {
        try {
            return JsonCodec.read(adapter, response.body());
        } catch (JsonFormatException e) {
            throw malformed(response, e.getMessage(), e);
        }
    }

    /**
     * Reads a create's answer as {@link #decode} does. The service made what was asked for whatever
     * else its answer holds, and the create is not sent again: an answer malformed elsewhere that
     * names its session (the text at {@code idPath}, an id {@code check} accepts, as a caller would
     * pass it back) fails naming it, so that the caller can still follow or find it; unless the answer
     * is about another create: a field beside the id that {@code sent} names holds another value than
     * the create sent (an answer meant for another request is never taken for this one's).
     */
    public <T> T decodeCreated(ApiResponse response, JsonAdapter<T> adapter, String operation, Consumer<String> check,
            Map<String, String> sent, String... idPath) {
        try {
            return decode(response, adapter);
        } catch (MalformedResponseException malformed) {
            String id = givenId(response.body(), check, sent, idPath);
            if (id == null) {
                throw malformed;
            }
            String label = service.label() + ": ";
            String what = malformed.getMessage();
            throw new MalformedResponseException(service, response.status(), label + operation + ": the session "
                    + response.redactor().serverText(id) + " was created, but its answer is a "
                    + (what.startsWith(label) ? what.substring(label.length()) : what), response.requestId(), malformed);
        }
    }

    /**
     * The id at {@code path} in JSON {@code body} (a string, or a whole number sent for it, read as
     * the session's reader reads it) when {@code check} accepts it and no field beside it that
     * {@code sent} names holds another value, else {@code null}.
     */
    private static String givenId(byte[] body, Consumer<String> check, Map<String, String> sent, String... path) {
        Object node;
        try {
            node = JsonCodec.read(JsonTree.ADAPTER, body);
        } catch (JsonFormatException notJson) {
            return null;
        }
        Map<?, ?> parent = null;
        for (String name : path) {
            parent = node instanceof Map<?, ?> members ? members : null;
            node = parent != null ? parent.get(name) : null;
        }
        String id;
        try {
            id = JsonCodec.readValue(Values.TEXT, node); // as the create's reader takes it: a string, or a whole number's digits
            if (id == null) {
                return null;
            }
            for (Map.Entry<String, String> field : sent.entrySet()) {
                Object given = parent.get(field.getKey()); // left out: it cannot be told from this create's
                if (given != null && !field.getValue().equals(JsonCodec.readValue(Values.TEXT, given))) {
                    return null; // about another create
                }
            }
        } catch (JsonFormatException notText) {
            return null;
        }
        try {
            check.accept(id);
            return id;
        } catch (ValidationException refused) {
            return null;
        }
    }

    /**
     * The failure of an answer that is not what the API promises. The message says what arrived:
     * status, content type and length, and for a body that is not JSON at all a short redacted
     * preview and, for an HTML page, where to look (the base URL, a proxy). {@code what} may quote
     * the server (an unknown status value), so it is redacted and cut like any server text.
     */
    public MalformedResponseException malformed(ApiResponse response, String what, Throwable cause) {
        boolean notJson = cause instanceof JsonFormatException format && format.notJson();
        // the server's text like any other: a reflecting server may echo the credential in it
        Redactor redactor = response.redactor();
        String contentType = redactor.serverText(response.headers().get("Content-Type"));
        String hint = notJson && BodyDescription.looksLikeHtml(contentType, response.body()) ? htmlHint() : "";
        return new MalformedResponseException(service, response.status(), service.label()
                + ": malformed response (HTTP " + response.status() + ", "
                + BodyDescription.of(contentType, response.body(), redactor, notJson) + "): " + redactor.serverText(what)
                + hint, response.requestId(), ShownCauses.of(cause, redactor));
    }

    /**
     * The failure of server text that is not what the API promises, read outside a call's answer (a
     * stream event's data, {@code status} the stream's): {@code what} is shown as any server text is
     * (redacted, escaped, cut) and {@code cause}'s chain cleaned, as {@link #malformed(ApiResponse,
     * String, Throwable)} does.
     */
    public MalformedResponseException malformed(int status, String what, String requestId, Throwable cause) {
        return new MalformedResponseException(service, status, service.label() + ": " + redactor.serverText(what),
                requestId, ShownCauses.of(cause, redactor));
    }

    /**
     * Checks a value this answer gave (a session id, a code) by the rule ({@code check}) the client
     * applies when a caller passes the value back: a value it would refuse then makes this answer
     * malformed now, so that a caller is never blamed later for what the server made.
     */
    public void checkGiven(ApiResponse response, String value, Consumer<String> check) {
        try {
            check.accept(value);
        } catch (ValidationException refused) {
            throw malformed(response, "the " + refused.field() + " it gave is one this client would refuse to send back: it "
                    + refused.rule(), null);
        }
    }

    /** Where to look when an HTML page came instead of an API answer. */
    public String htmlHint() {
        return "; this is an HTML page, not an API answer: check the base URL (" + baseUrl + ") and any proxy in between";
    }

    /**
     * {@code options}, when their extra headers replace neither the credentials nor the
     * {@code User-Agent}; a call checks them before anything else (a gate, a bucket, a counted read),
     * and each request is built through it.
     *
     * @throws ValidationException naming {@code headers}
     */
    public RequestOptions checkHeaders(RequestOptions options) {
        for (String name : options.headers().keySet()) { // usually none: no lambda made per call
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("user-agent") || lower.equals(credentials.headerName())) {
                throw new ValidationException("headers", "must not replace the " + name + " header");
            }
        }
        return options;
    }

    /**
     * The OkHttp request for an API request: base URL, credentials, user agent, idempotency key,
     * the listener's headers of the call ({@code traced}) and the caller's. What the interceptors
     * need besides (when it must leave by, a held call's read timeout) is the call's
     * {@link CallMarks.Mark}.
     */
    private Request toHttpRequest(ApiRequest request, RequestOptions options, Map<String, String> traced) {
        HttpUrl.Builder url = baseUrl.newBuilder();
        for (String segment : request.pathSegments()) {
            url.addPathSegment(segment);
        }
        request.query().forEach(url::addQueryParameter);
        Request.Builder builder = new Request.Builder().url(url.build()).header("User-Agent", UserAgent.VALUE);
        request.headers().forEach(builder::header);
        traced.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("user-agent") && !lower.equals("idempotency-key") && !lower.equals(credentials.headerName())
                    && !Require.isTransportHeader(name)) {
                builder.header(name, value);
            }
        });
        checkHeaders(options).headers().forEach(builder::header);
        credentials.applyTo(builder);
        if (request.idempotencyKey() != null) {
            builder.header("Idempotency-Key", request.idempotencyKey().value());
        }
        RequestBody body = request.jsonBody() == null
                ? (request.method().equals("GET") ? null : RequestBody.create(new byte[0], JsonType.VALUE))
                : RequestBody.create(request.jsonBody(), JsonType.VALUE);
        return builder.method(request.method(), body).build();
    }

    private static final Runnable NOTHING = () -> { };

    /** Closes for good: waits and streams end at once, later calls fail, calls in flight are cancelled. */
    @Override
    public void close() {
        Throwable failed = null;
        try {
            lifecycle.close(); // ends the waits; what a store of the caller's threw meanwhile goes on after the rest
        } catch (Throwable e) {
            failed = e;
        }
        // each step whatever one before threw (a call's cancel tells the application's OkHttp EventListener):
        // one failing left the calls after it in flight and the client's threads and connections open
        Unexpected.throwAsIs(Unexpected.eachKept(closeSteps(), Runnable::run, failed));
    }

    /** What {@link #close()} ends after the waits, in order. */
    private List<Runnable> closeSteps() {
        return List.of(
                deadlines::close, // cancels the blocking calls in flight
                lookups::close,
                waitDispatcher::cancelAll,
                waitClients::evictAll,
                () -> {
                    if (ownedWaitExecutor != null) {
                        ownedWaitExecutor.shutdown();
                    }
                },
                deadlineTimer::close, // the owned timer, or the deadlines' own
                () -> {
                    if (ownedPool != null) {
                        ownedPool.evictAll();
                    }
                },
                () -> singleUseClient.connectionPool().evictAll(), // as the others (it keeps no connection idle)
                () -> {
                    if (ownedBase != null) {
                        ownedBase.dispatcher().cancelAll();
                    }
                },
                () -> {
                    if (ownedBase != null) {
                        ownedBase.dispatcher().executorService().shutdown();
                        ownedBase.connectionPool().evictAll();
                    }
                });
    }

    /**
     * The client of a call of {@code request}: a held call (its read timeout is its hold longer, see
     * {@link #mark}) or an async one waits. A blocking one that is never sent again once it may have
     * arrived (a write without an idempotency key) goes out on a new connection, closed after its
     * answer: bytes a server sent past the end of an earlier answer on a pooled connection (more than
     * its {@code Content-Length}: a stray line end, a whole second answer) stay buffered with it in
     * OkHttp's pool, and the next request written to it reads them as its answer (RFC 9112 §6.3: never
     * a separate response), a failure of a write that arrived or another request's answer taken for
     * its own; nor does it meet a connection the server's keep-alive is closing. OkHttp tells no one
     * of such bytes (only its internal API could), so the connection is not reused for these writes
     * at all; reads and keyed writes, retried on a failure, keep the pool.
     */
    private OkHttpClient clientFor(ApiRequest request, boolean async) {
        if (async || !request.hold().isZero()) {
            return waitClient(request);
        }
        return request.safeToRetry() ? client : singleUseClient;
    }

    /**
     * The time limit of an attempt, from its start to the end of its body: the call timeout (and a
     * long-poll's hold), within what is left of the call's own timeout. A blocking attempt is
     * limited by {@link AttemptDeadlines}, an asynchronous one by OkHttp's call timeout.
     */
    private AttemptLimit attemptLimit(ApiRequest request, long deadline) {
        Duration hold = request.hold().longest();
        long nanos = settings.callTimeout().plus(hold).toNanos();
        if (deadline != Long.MAX_VALUE && deadline - scheduler.nanoTime() < nanos) {
            return new AttemptLimit(Math.max(1, deadline - scheduler.nanoTime()), null, null);
        }
        return new AttemptLimit(nanos, settings.callTimeout(), hold);
    }

    /** The time the call's own timeout ({@code RequestOptions.timeout}, or its wait's) left: what limited an attempt. */
    private static final String CALLS_OWN_TIMEOUT = "what was left of the call's timeout";

    /**
     * An attempt's time limit, and what set it: {@code callTimeout} and the long-poll's {@code hold}, or
     * (both {@code null}) the call's own timeout. Its text is made only for the message of an attempt it
     * cut off.
     */
    private record AttemptLimit(long nanos, Duration callTimeout, Duration hold) {
        String source() {
            return callTimeout == null ? CALLS_OWN_TIMEOUT : "callTimeout " + shortText(callTimeout)
                    + (hold.isZero() ? "" : " and the long-poll's " + shortText(hold));
        }
    }

    /** {@code 10 s}, {@code 1500 ms}: a setting as a message names it. */
    private static String shortText(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private boolean passed(long deadline) {
        return deadline != Long.MAX_VALUE && scheduler.nanoTime() - deadline >= 0;
    }

    /**
     * Tells {@code trace} that an attempt of {@code request} starts, then looks at the call's
     * {@code deadline} ({@link Scheduler#nanoTime()} of this transport's scheduler; {@link Long#MAX_VALUE}:
     * none) once more: a listener told of the start ({@code onAttemptStart}) may have taken what was
     * left, and an attempt sent then would run with no time at all, reaching the service whenever its
     * 1-ns limit lost the race. Such an attempt is not sent: it is told ended, with the failure returned.
     *
     * @return {@code null} when the attempt may be sent; else why not, told as its end
     */
    public TransportException attemptStarted(CallTrace trace, ApiRequest request, long deadline) {
        trace.attemptStarted();
        if (!passed(deadline)) {
            return null;
        }
        TransportException late = notSentInTime(request);
        trace.attemptEnded(null, late);
        return late;
    }

    private TransportException notSentInTime(ApiRequest request) {
        return notSentInTime(service, request.endpoint());
    }

    /** The failure of a call whose timeout passed before its request could leave: nothing was sent. */
    public static TransportException notSentInTime(Service service, String endpoint) {
        return new TransportException(service, service.label() + ": " + endpoint
                + " timed out: its timeout passed before it was sent; nothing was sent", null, null);
    }

    private long deadline(RequestOptions options) {
        Duration timeout = options.timeout().orElse(null);
        return timeout == null ? Long.MAX_VALUE : scheduler.nanoTime() + timeout.toNanos();
    }

    /**
     * The answer to an attempt written at {@code sentNanos} asking for the hold {@code held} (see
     * {@link CallMarks.Mark#sentNanos()}, {@link CallMarks.Mark#held()}).
     */
    private ApiResponse read(ApiRequest request, Response response, int attempt, long sentNanos, Duration held)
            throws IOException {
        Redactor shown = redactor.with(request.secrets());
        String headerId = shown.serverText(response.header("X-Request-Id"));
        ResponseBody body = response.body();
        byte[] bytes;
        long declared = body.contentLength(); // -1 when unknown, or when OkHttp inflates a gzip body
        if (declared > settings.maxResponseBytes()) {
            // refused from the head: a body that size is not read (nor waited for, a byte at a time)
            throw tooLarge(request, response, headerId, "declared a body of " + declared + " bytes,");
        }
        try {
            BufferedSource source = body.source();
            long max = settings.maxResponseBytes(); // one byte past it is a body too large; Long.MAX_VALUE has none
            if (source.request(max == Long.MAX_VALUE ? max : max + 1)) {
                throw tooLarge(request, response, headerId, "answered with a body");
            }
            bytes = source.readByteArray();
        } catch (IOException e) {
            throw new ResponseBodyException(headerId, e);
        }
        // a service that says it in the body only (Dock's envelope, when no header came)
        String requestId = headerId != null ? headerId : shown.serverText(errors.requestIdIn(bytes));
        String retryAfterHeader = response.header("Retry-After");
        // a date is a reading of the server's clock: counted from its Date (the same clock), else from ours
        Duration retryAfter = retryAfterHeader == null ? null : RetryAfter.parse(retryAfterHeader, serverNow(response));
        ApiResponse result = new ApiResponse(response.code(), response.headers(), bytes, requestId, retryAfter, attempt,
                sentNanos, held, shown);
        log(request, () -> "HTTP " + response.code() + (requestId == null ? "" : " (request " + requestId + ")"));
        return result;
    }

    /**
     * The server's clock as its answer's {@code Date} states it; the local clock without a readable
     * one, or with one not {@linkplain HttpDate#believed believed} (a hint counted from 1970 would
     * read as decades).
     */
    private Instant serverNow(Response response) {
        Instant local = scheduler.now();
        Instant date = HttpDate.believed(response.header("Date"), local);
        return date != null ? date : local;
    }

    private MalformedResponseException tooLarge(ApiRequest request, Response response, String requestId, String what) {
        return new MalformedResponseException(service, response.code(), service.label() + ": " + request.endpoint()
                + " " + what + " larger than " + settings.maxResponseBytes() + " bytes", requestId, null);
    }

    private Outcome classify(ApiRequest request, ApiResponse response) {
        if (response.isSuccessful()) {
            return new Outcome(response, null, false);
        }
        if (response.status() >= 300 && response.status() < 400) {
            return new Outcome(null, redirect(request, response), false);
        }
        ApiError known = new ApiError(service, response.status(), null, null, response.requestId(),
                request.endpoint(), response.retryAfter());
        VerifyKitException failure = errors.toException(response, known, response.redactor());
        boolean retryable = request.safeToRetry() && RetryPolicy.isRetryable(failure);
        return new Outcome(null, failure, retryable);
    }

    /**
     * A redirect is never followed (it would carry the credentials and the body to another host, or
     * turn a POST into a GET); it is named by its status and its target's host only, since a
     * {@code Location}'s path and query may hold anything.
     */
    private RedirectException redirect(ApiRequest request, ApiResponse response) {
        String location = response.headers().get("Location");
        HttpUrl target = location == null ? null : baseUrl.resolve(location.trim());
        String host = target == null ? null : response.redactor().redact(target.host());
        String message = (host == null ? "a redirect without a valid Location" : "a redirect to host " + host)
                + " was not followed: VerifyKit never follows redirects, so that credentials and request bodies"
                + " stay with the configured base URL " + baseUrl.scheme() + "://" + baseUrl.host()
                + " (check it, or a proxy in between)";
        return new RedirectException(new ApiError(service, response.status(), null, message, response.requestId(),
                request.endpoint(), null), host);
    }

    private Outcome classify(ApiRequest request, IOException e, boolean cancelled) {
        return classify(request, e, cancelled, false, null);
    }

    /**
     * The failure of an attempt that ended without a response. A call whose time limit
     * ({@link #attemptNanos}) passed is a timeout, retried as one: a blocking attempt's when
     * {@link AttemptDeadlines} cancelled it ({@code expired}), an asynchronous one's when OkHttp's call
     * timeout did (an {@code InterruptedIOException} of a cancelled call) or its call's deadline passed
     * first, queued or not ({@code expired} too). A call cancelled by
     * {@code close()} or by its future fails with a plain {@code IOException} and is not retried.
     */
    private Outcome classify(ApiRequest request, IOException e, boolean cancelled, boolean expired, String limit) {
        return classify(request, e, cancelled, expired, limit, false);
    }

    /**
     * The same for an attempt whose request may be {@code unwritten}: never handed to a connection to be
     * written ({@link SendTimes} never marked it written: its connection was never made, a connect that
     * timed out, a TLS handshake or a proxy's tunnel that failed). Nothing of it reached the service, so
     * it is sent again whatever its method, as after a refused connection.
     */
    private Outcome classify(ApiRequest request, IOException e, boolean cancelled, boolean expired, String limit,
            boolean unwritten) {
        String requestId = e instanceof ResponseBodyException body ? body.requestId : null;
        IOException cause = e instanceof ResponseBodyException body ? body.io : e;
        boolean timedOut = expired || cancelled && cause instanceof InterruptedIOException;
        Redactor secrets = redactor.with(request.secrets()); // the request's own (a one-time code) too
        String what = timedOut ? "timed out: no complete answer within the attempt's time limit"
                + (limit == null ? "" : " (" + limit + ")")
                : cancelled ? "was cancelled" : "failed: " + describe(cause, secrets);
        // the cause's chain cleaned (a copy, of plain IOExceptions, when a message needs it): its type
        // matters only to the classification here, which has the original
        TransportException failure = new TransportException(service,
                service.label() + ": " + request.endpoint() + " " + what, requestId, ShownCauses.ofIo(cause, secrets));
        boolean retryable = (timedOut || !cancelled) && (request.safeToRetry() || unwritten || neverSent(cause))
                && RetryPolicy.isRetryable(failure);
        return new Outcome(null, failure, retryable, cancelled && !timedOut, cause instanceof SendTimes.NotSentException);
    }

    /**
     * A blocking attempt ended by an interrupt of its thread: OkHttp's connect race threw an
     * {@code InterruptedException} (a checked exception it does not declare; its flag, cleared by the
     * throw, is set again), or {@link AttemptDeadlines} cancelled the call it saw the thread interrupted
     * in (an {@code IOException}). Any other checked exception is wrapped. Not retried.
     */
    private Outcome interrupted(ApiRequest request, Exception e) {
        if (!(e instanceof InterruptedException) && !(e instanceof IOException)) {
            return unexpected(request, e);
        }
        Thread.currentThread().interrupt();
        // the I/O failure the interrupt met may quote what the server sent (a chunk-size line, a status
        // line): its chain is kept cleaned, as classify keeps it
        String requestId = e instanceof ResponseBodyException body ? body.requestId : null;
        Throwable cause = e instanceof ResponseBodyException body ? body.io : e;
        InterruptedIOException io = new InterruptedIOException("interrupted");
        io.initCause(ShownCauses.of(cause, redactor.with(request.secrets())));
        return new Outcome(null, new TransportException(service, service.label() + ": " + request.endpoint()
                + " was interrupted", requestId, io), false, true);
    }

    /**
     * An attempt that failed with what the transport did not expect (an interceptor of the
     * application's {@code OkHttpClient} throwing, a bug): the call's failure wraps it, as the caller
     * receives it, told as the attempt's end too; not retried.
     */
    private Outcome unexpected(ApiRequest request, Throwable e) {
        return new Outcome(null, Unexpected.wrap(service, request.endpoint(), e), false);
    }

    private Duration retryDelay(Outcome outcome, int attempt, int maxRetries, long deadline) {
        if (!outcome.retryable() || attempt > maxRetries) {
            return null;
        }
        RetryPolicy policy = settings.retryPolicy();
        Duration hint = outcome.failure() instanceof ApiException api ? api.retryAfter().orElse(null) : null;
        if (hint != null && !policy.retriesAfter(hint)) {
            return null; // a retry sooner would be refused again (a create's taking a token)
        }
        Duration delay = hint != null ? policy.afterHint(hint) : policy.backoff(attempt);
        if (deadline != Long.MAX_VALUE && delay.toNanos() >= deadline - scheduler.nanoTime()) {
            return null;
        }
        return delay;
    }

    private static String describe(IOException e, Redactor secrets) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : ShownCauses.message(e.getMessage(), secrets) + " (" + kind + ")";
    }

    /**
     * Whether the request surely did not reach the service: no connection, or an HTTP/2 connection
     * that was shutting down or a stream the server refused (RFC 9113 §8.7: not processed). OkHttp's
     * two types are internal, so they are told by name and message; were those to change, the
     * request would count as possibly sent, which is the safe side.
     */
    private static boolean neverSent(IOException e) {
        return e instanceof SendTimes.NotSentException || e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException
                || e.getClass().getName().equals("okhttp3.internal.http2.ConnectionShutdownException")
                || e.getClass().getName().equals("okhttp3.internal.http2.StreamResetException")
                        && "stream was reset: REFUSED_STREAM".equals(e.getMessage());
    }

    /** Attempt {@code attempt} failed and is to be tried again after {@code delay}: logged now, told as the retry starts. */
    private void retrying(ApiRequest request, CallTrace trace, int attempt, Duration delay, VerifyKitException failure) {
        log(request, () -> "retry " + attempt + " in " + delay.toMillis() + " ms after: " + failure.getMessage());
        trace.retrying(failure);
    }

    /** Logs at DEBUG; the line is built only when it is logged (this runs on every response). */
    private void log(ApiRequest request, Supplier<String> what) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, service.label() + " " + request.endpoint() + ": " + what.get());
        }
    }

    /** The type of a request body, parsed at the first write: OkHttp parses types with a regex. */
    private static final class JsonType {
        static final MediaType VALUE = MediaType.get("application/json; charset=utf-8");
    }

    /**
     * What one attempt gave: a response to return, or a failure that may be retried.
     *
     * @param cancelled whether the attempt was cut by its caller (its thread interrupted, its client
     *     closed, its future cancelled)
     * @param unsent whether it was refused as it was about to be written, past the time it had to
     *     leave by ({@link ApiRequest#sendBy()}): nothing of it was written
     */
    private record Outcome(ApiResponse response, VerifyKitException failure, boolean retryable, boolean cancelled,
            boolean unsent) {
        Outcome(ApiResponse response, VerifyKitException failure, boolean retryable) {
            this(response, failure, retryable, false, false);
        }

        Outcome(ApiResponse response, VerifyKitException failure, boolean retryable, boolean cancelled) {
            this(response, failure, retryable, cancelled, false);
        }
    }

    /** An I/O failure while reading a body whose head (and request id) had arrived. */
    private static final class ResponseBodyException extends IOException {
        final String requestId;
        final IOException io;

        ResponseBodyException(String requestId, IOException io) {
            super(io.getMessage(), io);
            this.requestId = requestId;
            this.io = io;
        }
    }

    /** A call in flight on the waiting dispatcher, with its retries. */
    private final class AsyncCall<R> extends CompletableFuture<R> {
        private final ApiRequest request;
        private final Request httpRequest;
        private final int maxRetries;
        private final long deadline;
        private final CallTrace trace;
        private final Function<ApiResponse, R> reading;
        private volatile Call current;
        private volatile Cancellable pendingRetry;
        private volatile VerifyKitException lastFailure;

        AsyncCall(ApiRequest request, Request httpRequest, int maxRetries, long deadline, CallTrace trace,
                Function<ApiResponse, R> reading) {
            this.request = request;
            this.httpRequest = httpRequest;
            this.maxRetries = maxRetries;
            this.deadline = deadline;
            this.trace = trace;
            this.reading = reading;
        }

        /**
         * Taken by the first of the call's end (its answer or failure, told on the thread that has it)
         * and its caller's cancel: once the end is being told, a cancel comes too late and the future
         * completes with that end a moment later, so that what depends on it (a wait's end) is never
         * told before the call's end, whichever thread is faster.
         */
        private final AtomicBoolean settled = new AtomicBoolean();

        // The call's end is told before the future completes, so before anything that depends on it
        // (a wait's end) is told.
        @Override
        public boolean complete(R value) {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            trace.ended(null);
            return super.complete(value);
        }

        /** The answer, read: the call succeeds with what it holds, or fails with why it could not be read. */
        private void answered(ApiResponse response) {
            R value;
            try {
                value = reading.apply(response);
            } catch (Throwable e) {
                completeExceptionally(Unexpected.wrap(service, request.endpoint(), e));
                return;
            }
            complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable error) {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            trace.ended(error);
            return super.completeExceptionally(error);
        }

        void start(int attempt) {
            if (isDone()) {
                return;
            }
            if (lifecycle.isClosed()) {
                // closed after the call was told started (while its listeners heard of it, or before a
                // retry): the close cut it, as it cuts a blocking call asleep before its retry
                trace.cancelled();
                completeExceptionally(new ClientClosedException(service, request.endpoint(), true));
                return;
            }
            if (passed(deadline)) {
                notSent(notSentInTime(request));
                return;
            }
            CallMarks.Mark mark = mark(request);
            Call call = marks.newCall(clientFor(request, true), httpRequest, mark);
            // OkHttp's call timeout, which starts when the dispatcher runs the call, not when it is queued
            AttemptLimit attemptLimit = attemptLimit(request, deadline);
            call.timeout().timeout(attemptLimit.nanos(), TimeUnit.NANOSECONDS);
            current = call;
            if (isDone()) {
                call.cancel();
                marks.ended(call); // never enqueued: OkHttp tells it nothing
                return;
            }
            TransportException late = attemptStarted(trace, request, deadline);
            if (late != null) { // a listener told of the attempt took what was left of the call's time
                marks.ended(call); // never enqueued
                notSent(late);
                return;
            }
            Attempt callback = new Attempt(attempt, mark, attemptLimit);
            if (deadline != Long.MAX_VALUE) {
                // the call's deadline holds from now, while the call waits for a free slot of the dispatcher too
                callback.limit = deadlines.watch(call, Math.max(1, deadline - scheduler.nanoTime()), callback::timedOut);
            }
            call.enqueue(callback);
        }

        /** Ends the call, its next attempt too late to be sent: with the last attempt's failure, or else {@code late}. */
        private void notSent(TransportException late) {
            VerifyKitException previous = lastFailure;
            completeExceptionally(previous != null ? previous : late);
        }

        /** One attempt's end, told once: by OkHttp, or by the call's deadline passing first. */
        private final class Attempt implements Callback {
            private final int attempt;
            private final CallMarks.Mark mark;
            private final AttemptLimit attemptLimit;
            private final AtomicBoolean ended = new AtomicBoolean();
            volatile AttemptDeadlines.Watch limit;

            Attempt(int attempt, CallMarks.Mark mark, AttemptLimit attemptLimit) {
                this.attempt = attempt;
                this.mark = mark;
                this.attemptLimit = attemptLimit;
            }

            void timedOut() {
                if (ended.compareAndSet(false, true)) {
                    handle(classify(request, new InterruptedIOException("timeout"), true, true, CALLS_OWN_TIMEOUT), attempt);
                }
            }

            /** What cut the attempt off if it timed out: the call's deadline (its watch), or else OkHttp's call timeout. */
            private String limitSource() {
                return expired() ? CALLS_OWN_TIMEOUT : attemptLimit.source();
            }

            private boolean end() {
                stopWatching();
                return ended.compareAndSet(false, true);
            }

            private void stopWatching() {
                AttemptDeadlines.Watch watch = limit;
                if (watch != null) {
                    watch.close();
                }
            }

            /** Whether the call's deadline cancelled it (OkHttp may tell the cancellation before the watch does). */
            private boolean expired() {
                AttemptDeadlines.Watch watch = limit;
                return watch != null && watch.expired();
            }

            @Override
            public void onFailure(Call failed, IOException e) {
                marks.ended(failed);
                if (end()) {
                    handle(classify(request, e, failed.isCanceled(), expired(), limitSource(), !mark.written()), attempt);
                }
            }

            /**
             * The answer's head came; its body is read under the call's deadline still (OkHttp's call
             * timeout started when the dispatcher ran the call, not when it was queued): the watch
             * cancels a body that would end past it, read as a timeout.
             */
            @Override
            public void onResponse(Call done, Response response) {
                marks.ended(done);
                if (!ended.compareAndSet(false, true)) {
                    stopWatching();
                    response.close();
                    return;
                }
                Outcome outcome;
                try (response) {
                    outcome = classify(request, read(request, response, attempt, mark.sentNanos(), mark.held()));
                } catch (IOException e) {
                    outcome = classify(request, e, done.isCanceled(), expired(), limitSource());
                } catch (VerifyKitException e) {
                    outcome = new Outcome(null, e, false);
                } catch (Throwable e) {
                    // Thrown back to OkHttp's thread, it would be lost and leave this call waiting forever.
                    outcome = unexpected(request, e);
                } finally {
                    stopWatching();
                }
                handle(outcome, attempt);
            }
        }

        private void handle(Outcome outcome, int attempt) {
            trace.attemptEnded(outcome.response(), outcome.failure());
            if (outcome.response() != null) {
                answered(outcome.response());
                return;
            }
            if (outcome.cancelled()) {
                trace.cancelled();
            }
            Duration delay = retryDelay(outcome, attempt, maxRetries, deadline);
            if (delay == null || isDone()) {
                completeExceptionally(outcome.failure());
                return;
            }
            retrying(request, trace, attempt, delay, outcome.failure());
            lastFailure = outcome.failure();
            pendingRetry = scheduler.schedule(delay, () -> start(attempt + 1));
        }

        /** Cancels the call, unless its end is being told already (the future then completes with it). */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (!settled.compareAndSet(false, true)) {
                return isCancelled();
            }
            trace.ended(new CancellationException());
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Call call = current;
            if (call != null) {
                call.cancel();
            }
            Cancellable retry = pendingRetry;
            if (retry != null) {
                retry.cancel();
            }
            return cancelled;
        }
    }
}
