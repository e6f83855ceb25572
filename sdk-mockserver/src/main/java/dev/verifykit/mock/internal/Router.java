package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The one dispatcher: sends each request to the service whose prefix it starts with, caps bodies,
 * records every answer, and turns anything unexpected into an answer instead of a dropped connection.
 */
public final class Router extends Dispatcher {

    /** Largest request body accepted, in bytes. */
    public static final int MAX_BODY = 64 * 1024;

    private static final Logger LOG = Logger.getLogger(Router.class.getName());

    private final Clock clock;
    private final RequestLog log;
    private volatile Map<String, Service> services = Map.of();
    private final Function<String, Reply> notFound;
    private MockWebServer server;

    public Router(Clock clock, RequestLog log, Function<String, Reply> notFound) {
        this.clock = clock;
        this.log = log;
        this.notFound = notFound;
    }

    /** Mounts {@code service} at {@code prefix} (e.g. {@code /dock}). */
    public synchronized Router mount(String prefix, Service service) {
        Map<String, Service> next = new LinkedHashMap<>(services);
        next.put(prefix, service);
        services = next;
        return this;
    }

    public void attach(MockWebServer server) {
        this.server = server;
        server.setBodyLimit(MAX_BODY + 1L);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        long nanos = System.nanoTime();
        Instant receivedAt = clock.instant();
        drainServerQueue();
        String fullPath = request.getUrl().encodedPath();
        Reply reply;
        try {
            reply = route(request, fullPath, receivedAt);
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "mock failed on " + request.getMethod() + " " + fullPath, e);
            reply = Reply.json(500, "{\"status\":500,\"error\":\"INTERNAL_ERROR\",\"message\":\"The mock server failed: "
                    + e.getClass().getSimpleName() + "\"}");
        }
        log.add(new MockRequest(receivedAt, nanos, request.getMethod(), fullPath, request.getUrl().encodedQuery(),
                request.getHeaders().get("Idempotency-Key"), reply.status()));
        return reply.toMockResponse();
    }

    private Reply route(RecordedRequest request, String fullPath, Instant receivedAt) throws InterruptedException {
        for (Map.Entry<String, Service> mount : services.entrySet()) {
            String prefix = mount.getKey();
            if (fullPath.equals(prefix) || fullPath.startsWith(prefix + "/")) {
                return mount.getValue().handle(new HttpCall(request, pathBelow(request, prefix), receivedAt));
            }
        }
        return notFound.apply(fullPath);
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

    /** mockwebserver3 keeps every request for {@code takeRequest()}; the mock has its own log. */
    private void drainServerQueue() throws InterruptedException {
        MockWebServer s = server;
        if (s != null) {
            while (s.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
                // discard
            }
        }
    }

    public void reset() {
        services.values().forEach(Service::reset);
        log.clear();
    }

    @Override
    public void close() {
        services.values().forEach(Service::close);
    }
}
