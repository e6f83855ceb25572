package dev.verifykit.mock.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's endpoints and the one order every service checks a request in: body size, then the
 * path (the first route whose pattern matches), then the method, then the handler. Patterns are
 * paths below the service prefix where {@code {name}} stands for one segment, handed to the handler.
 * What a refusal looks like is the service's: its {@link Refusals}.
 *
 * @param <C> what a handler gets for a request: the call itself, or the service's own view of it
 */
public final class Routes<C> {

    /** Answers a request whose path matched, given the segments the pattern's {@code {name}}s stood for. */
    @FunctionalInterface
    public interface Handler<C> {
        Reply handle(C call, List<String> segments) throws InterruptedException;
    }

    /** How a service refuses a request no handler takes, in its own error shape. */
    public interface Refusals<C> {
        /** The body is over {@link Router#MAX_BODY} bytes. */
        Reply tooLarge(C call);

        /** No route's pattern matches the path. */
        Reply notFound(C call);

        /** A route matches the path but has no handler for the method; {@code allowed} are the ones it has. */
        Reply methodNotAllowed(C call, List<String> allowed);
    }

    /** Adds a service's routes with {@link #on}; called once, at the service's first request. */
    @FunctionalInterface
    public interface Definition<C> {
        void addTo(Routes<C> routes);
    }

    private record Route<C>(String path, Pattern pattern, Map<String, Handler<C>> handlers) {
    }

    private final Map<String, Route<C>> routes = new LinkedHashMap<>();
    /** Adds the routes at the first request, or null once it did. */
    private Definition<C> definition;
    private volatile boolean defined;

    /** Routes added with {@link #on} at once. */
    public Routes() {
        this.defined = true;
    }

    /**
     * Routes that {@code definition} adds at the first request: a service that a test never calls
     * never links its handlers (a lambda class each) or compiles its patterns, which a JVM's first
     * {@code MockServer.start()} would otherwise pay for every service.
     */
    public Routes(Definition<C> definition) {
        this.definition = definition;
    }

    /** Adds {@code handler} for {@code method} on {@code path}, e.g. {@code /v2/sessions/{id}}. */
    public Routes<C> on(String method, String path, Handler<C> handler) {
        Route<C> route = routes.get(path);
        if (route == null) {
            route = new Route<>(path, pattern(path), new LinkedHashMap<>());
            routes.put(path, route);
        }
        route.handlers().put(method, handler);
        return this;
    }

    private Map<String, Route<C>> routes() {
        if (!defined) {
            synchronized (this) {
                if (!defined) {
                    definition.addTo(this);
                    definition = null;
                    defined = true;
                }
            }
        }
        return routes;
    }

    private static Pattern pattern(String path) {
        StringBuilder regex = new StringBuilder();
        Matcher name = Pattern.compile("\\{[^/}]+}").matcher(path);
        int at = 0;
        while (name.find()) {
            regex.append(Pattern.quote(path.substring(at, name.start()))).append("([^/]+)");
            at = name.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(path.substring(at))).toString());
    }

    /** The pattern of the route {@code path} matches, e.g. {@code /v2/sessions/{id}}, or null when none does. */
    public String routeOf(String path) {
        for (Route<C> route : routes().values()) {
            if (route.pattern().matcher(path).matches()) {
                return route.path();
            }
        }
        return null;
    }

    /** Answers {@code call}, which the handlers and refusals see as {@code context}. */
    public Reply dispatch(HttpCall call, C context, Refusals<C> refusals) throws InterruptedException {
        if (call.bodySize() > Router.MAX_BODY) {
            return refusals.tooLarge(context);
        }
        for (Route<C> route : routes().values()) {
            Matcher m = route.pattern().matcher(call.path());
            if (m.matches()) {
                Handler<C> handler = route.handlers().get(call.method());
                if (handler == null) {
                    return refusals.methodNotAllowed(context, List.copyOf(route.handlers().keySet()));
                }
                List<String> segments = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    segments.add(m.group(i));
                }
                return handler.handle(context, segments);
            }
        }
        return refusals.notFound(context);
    }
}
