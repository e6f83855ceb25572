package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.internal.fault.FaultRules;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/**
 * The one dispatcher: sends each request to the service whose prefix it starts with, caps bodies,
 * applies fault rules, journals every request, and turns anything unexpected into an answer
 * instead of a dropped connection.
 */
public final class Router extends Dispatcher {

    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final Clock clock;
    private final RequestJournal journal;
    private final FaultRules faults;
    private final ResetGate gate = new ResetGate();
    private volatile Map<String, Mount> services = Map.of();
    private final Function<String, Reply> notFound;
    private MockWebServer server;
    /** How many requests are being answered: dispatched, their answer not yet written. */
    private final int[] answering = new int[1];

    private record Mount(String prefix, String name, Service service) {
    }

    public Router(Clock clock, RequestJournal journal, FaultRules faults, Function<String, Reply> notFound) {
        this.clock = clock;
        this.journal = journal;
        this.faults = faults;
        this.notFound = notFound;
    }

    /**
     * Mounts {@code service} at {@code prefix} (e.g. {@code /dock}); {@code name} is its name in the
     * journal. Services named {@code control} are never faulted.
     */
    public synchronized Router mount(String prefix, String name, Service service) {
        Map<String, Mount> next = new LinkedHashMap<>(services);
        next.put(prefix, new Mount(prefix, name, service));
        services = next;
        return this;
    }

    public void attach(MockWebServer server) {
        this.server = server;
        server.setBodyLimit(MAX_BODY + 1L);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        began();
        boolean[] handedOver = {false};
        try {
            return route(request, handedOver);
        } finally {
            if (!handedOver[0]) {
                ended();
            }
        }
    }

    /** Answers {@code request}; sets {@code handedOver[0]} when the answer's body will count it as answered. */
    private MockResponse route(RecordedRequest request, boolean[] handedOver) throws InterruptedException {
        drainServerQueue();
        Mount mount = mountFor(request.getUrl().encodedPath());
        if (mount == null || mount.name.equals("control")) {
            return route(request, mount, handedOver); // the control plane's reset enters the gate itself
        }
        gate.enter();
        try {
            return route(request, mount, handedOver);
        } finally {
            gate.leave();
        }
    }

    private MockResponse route(RecordedRequest request, Mount mount, boolean[] handedOver) throws InterruptedException {
        Instant receivedAt = clock.instant();
        RequestJournal.Arrival arrival = journal.arrive();
        String fullPath = request.getUrl().encodedPath();
        String method = request.getMethod();
        String below = mount == null ? fullPath : pathBelow(request, mount.prefix);
        FaultRules.Claim claim = mount == null || mount.name.equals("control") ? null
                : faults.claimRequest(method, fullPath, mount.service.opensStream(method, below));
        MockFault fault = claim == null ? null : claim.fault();
        Reply reply = null;
        if (fault == null || fault.processed()) {
            reply = answer(request, mount, below, receivedAt);
        } else if (fault instanceof MockFault.Respond respond) {
            reply = injected(mount, below, respond, claim.ruleId());
        }
        if (reply != null && reply.header("Date") == null) {
            // as the services' origin servers do (RFC 9110 §6.6.1), by the mock's clock, when answered
            reply.header("Date", Timestamps.http(clock.instant()));
        }
        MockResponse response = fault == null ? reply.toMockResponse()
                : reply == null ? FaultedReply.reset() : FaultedReply.shape(reply, fault);
        journal.add(receivedAt, arrival, mount == null ? "none" : mount.name, method, fullPath,
                request.getUrl().encodedQuery(), request.getHeaders(),
                request.getBody() == null ? new byte[0] : request.getBody().toByteArray(), request.getBodySize(),
                reply == null ? -1 : reply.status(), claim == null ? null : claim.ruleId(),
                fault == null ? null : fault.toString());
        // a fault that cuts the connection (reset-before-response, reset-mid-body, a cut stream) gives no whole answer
        boolean answers = response.getOnResponseStart() == null && response.getOnResponseEnd() == null
                && response.getSocketHandler() == null;
        if (answers && method.equals("HEAD") && response.getBody() != null) {
            // an answer to HEAD is its head alone (RFC 9110 §9.3.2): a body after it would be read as the next answer
            response = new MockResponse.Builder().status(response.getStatus()).headers(response.getHeaders())
                    .headersDelay(response.getHeadersDelayNanos(), TimeUnit.NANOSECONDS).build();
        }
        if (fault == null && response.getBody() != null) {
            // in progress until its body is written (see awaitAnswered); a faulted answer may be cut anyway
            response = response.newBuilder().body(new Written(response.getBody())).headers(response.getHeaders()).build();
            handedOver[0] = true;
        }
        if (answers && asksToClose(request)) {
            // RFC 9112 §9.6: a server that receives "close" closes the connection after its answer
            response = response.newBuilder().setHeader("Connection", "close").onResponseEnd(new SocketEffect.CloseSocket())
                    .build();
        } else if (answers && isHttp10(request)) {
            // an HTTP/1.0 client keeps the connection only when told so, as Node.js tells it
            response = response.newBuilder().setHeader("Connection", "keep-alive").build();
        }
        return response;
    }

    /**
     * Whether the connection is to close after the answer: the request's {@code Connection} header names
     * the {@code close} option, or it is an HTTP/1.0 request that does not name {@code keep-alive} (RFC 9112
     * §9.3, as Node.js reads it: an HTTP/1.0 client may read the answer until the connection closes).
     */
    private static boolean asksToClose(RecordedRequest request) {
        boolean keepAlive = false;
        for (String value : request.getHeaders().values("Connection")) {
            for (String option : value.split(",")) {
                if (option.strip().equalsIgnoreCase("close")) {
                    return true;
                }
                keepAlive |= option.strip().equalsIgnoreCase("keep-alive");
            }
        }
        return isHttp10(request) && !keepAlive;
    }

    private static boolean isHttp10(RecordedRequest request) {
        return "HTTP/1.0".equals(request.getVersion());
    }

    private Reply answer(RecordedRequest request, Mount mount, String below, Instant receivedAt)
            throws InterruptedException {
        try {
            return mount == null ? notFound.apply(request.getUrl().encodedPath())
                    : mount.service.handle(new HttpCall(request, below, receivedAt));
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "mock failed on " + request.getMethod() + " " + request.getUrl().encodedPath(), e);
            return Reply.json(500, Json.write(Json.object("status", 500, "error", "INTERNAL_ERROR",
                    "message", "The mock server failed: " + e.getClass().getSimpleName())));
        }
    }

    private static Reply injected(Mount mount, String below, MockFault.Respond fault, String ruleId) {
        Reply reply = !Reply.hasBody(fault.status()) ? Reply.status(fault.status())
                : fault.body() == null
                ? mount.service.injected(fault.status(), below, "Injected by the mock server's fault rule " + ruleId)
                : Reply.status(fault.status()).header("Content-Type", "application/json; charset=utf-8").body(fault.body());
        fault.headers().forEach(reply::header);
        return reply;
    }

    private Mount mountFor(String fullPath) {
        for (Mount mount : services.values()) {
            if (fullPath.equals(mount.prefix) || fullPath.startsWith(mount.prefix + "/")) {
                return mount;
            }
        }
        return null;
    }

    private static String pathBelow(RecordedRequest request, String prefix) {
        StringBuilder out = new StringBuilder();
        int skip = (int) prefix.chars().filter(c -> c == '/').count();
        var segments = request.getUrl().pathSegments();
        for (int i = skip; i < segments.size(); i++) {
            out.append('/').append(segments.get(i));
        }
        return out.toString();
    }

    /** mockwebserver3 keeps every request for {@code takeRequest()}; the mock has its own journal. */
    private void drainServerQueue() throws InterruptedException {
        MockWebServer s = server;
        if (s != null) {
            while (s.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                // discard
            }
        }
    }

    /** The gate a service's holding requests step outside of while they hold. */
    public ResetGate gate() {
        return gate;
    }

    /**
     * Resets every service, the fault rules and the journal, then runs {@code andThen}, as one step:
     * no service request is answered in between.
     */
    public void reset(Runnable andThen) {
        gate.exclusive(() -> {
            for (Mount mount : services.values()) {
                mount.service.reset();
            }
            faults.reset();
            journal.clear();
            andThen.run();
        });
    }

    /** Ends held requests: held long-polls answer, streams end. */
    @Override
    public void close() {
        for (Mount mount : services.values()) {
            mount.service.close();
        }
    }

    /**
     * Waits until every request being answered has had its answer written, at most {@code timeoutNanos}:
     * after {@link #close()}, so that closing the server's connections does not cut the answers of the
     * long-polls it just ended. A body mockwebserver3 never writes (a client gone) is waited for up to the
     * timeout only.
     */
    public void awaitAnswered(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (answering) {
            while (answering[0] > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(answering, left);
            }
        }
    }

    private void began() {
        synchronized (answering) {
            answering[0]++;
        }
    }

    private void ended() {
        synchronized (answering) {
            if (--answering[0] == 0) {
                answering.notifyAll();
            }
        }
    }

    /** A body that counts its request as answered once written (or failed), exactly once. */
    private final class Written implements MockResponseBody {
        private final MockResponseBody body;
        private final AtomicBoolean done = new AtomicBoolean();

        Written(MockResponseBody body) {
            this.body = body;
        }

        @Override
        public long getContentLength() {
            return body.getContentLength();
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            try {
                body.writeTo(sink);
                sink.flush();
            } finally {
                if (done.compareAndSet(false, true)) {
                    ended();
                }
            }
        }
    }
}
