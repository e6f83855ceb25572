package dev.verifykit.servlet;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.servlet.internal.RelayRegistry;
import dev.verifykit.servlet.internal.ServletSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The browser side of a {@link DockRelay}: {@code GET <mapping>/<sessionId>/events} answers a
 * Server-Sent Events stream of the session, for {@code new EventSource(...)} in the page. Map it to
 * a path ending in {@code /*} (e.g. {@code /verifykit/dock/sessions/*}) with async support on.
 *
 * <p>Per request: the session id is checked (letters, digits, {@code - . _ ~}, the characters a
 * path carries unencoded, at most 256 as the client takes, not {@code .} or {@code ..}; else 404); a request a browser marks as made by another origin's page ({@code Sec-Fetch-Site}
 * {@code cross-site} or {@code same-site}) is 403 without asking your authorizer: the relay sends no
 * CORS headers, so such a page could not read the stream, and it would only spend the session's reads
 * (through cookies sent with it). Then your {@link RelayAuthorizer} decides (false: 403, and no
 * upstream is opened), then the
 * browser joins the session's shared upstream. It is sent {@code retry:}, the session's latest state
 * (or, when it reconnects with {@code Last-Event-ID}, only the states after that event; the id of a
 * {@code relay-error} that is not kept, {@code unavailable}, carries that of the last state the
 * browser had, e.g. {@code e-unavailable.s-…}),
 * every later state as Dock's {@code session} event, keep-alive comments, and, when the session can
 * no longer be followed, a {@code relay-error} event whose data is {@code {"error":"<code>"}}
 * ({@code poll_cap}, {@code not_found}, {@code timeout}, {@code refused}, {@code unavailable},
 * {@code closed}); when the application ended the upstream's wait (its client's waits cancelled as it
 * shuts down), the stream ends without one, as at the relay's close, and the browser reconnects. The
 * stream ends after the session's terminal state; a browser reconnecting after
 * it has seen the end is answered 204, which stops {@code EventSource}. Nothing of the upstream
 * request (the API key, headers) reaches the browser: only the events' data. Every answer to a
 * {@code GET} or {@code OPTIONS}, the stream and the refusals alike, carries
 * {@code Cache-Control: no-cache, no-store}. {@code OPTIONS} answers {@code Allow: GET, OPTIONS};
 * every other method ({@code HEAD} too) is 405 with that {@code Allow}, and so is {@code TRACE} where
 * it reaches the servlet (Jetty). Tomcat (the Spring Boot starter's default server) answers
 * {@code TRACE} itself before the servlet sees it: 405 without echoing the request, but with an
 * {@code Allow} of its own reckoning from the servlet's methods, {@code HEAD, GET, OPTIONS} ({@code HEAD}
 * is 405 all the same).
 *
 * <pre>{@code
 * const source = new EventSource('/verifykit/dock/sessions/' + sessionId + '/events');
 * source.addEventListener('session', e => {
 *   const session = JSON.parse(e.data);
 *   if (session.status !== 'pending') { source.close(); show(session); }
 * });
 * }</pre>
 */
public class DockRelayServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("dev.verifykit.servlet");
    /** The methods it answers; every other is 405. */
    private static final List<String> ALLOWED = List.of("GET", "OPTIONS");
    /**
     * A session's events: its id of the characters a URL path carries unencoded (RFC 3986's
     * unreserved: letters, digits, {@code - . _ ~}; Dock's ids are letters, digits and {@code _}), as
     * long as the client takes one ({@link Require#LONGEST_DOCK_SESSION_ID}), and no dot segment.
     */
    private static final Pattern PATH = Pattern.compile("/(?!\\.{1,2}/)([A-Za-z0-9._~-]{1," + Require.LONGEST_DOCK_SESSION_ID + "})/events");
    private static final int MAX_LAST_EVENT_ID = 256;

    private final transient DockRelay relay;
    private final transient RelayAuthorizer authorizer;

    /**
     * @param relay the shared relay (one per application)
     * @param authorizer decides who may follow which session
     * @throws ValidationException when either is null
     */
    public DockRelayServlet(DockRelay relay, RelayAuthorizer authorizer) {
        this.relay = Require.present("relay", relay);
        this.authorizer = Require.present("authorizer", authorizer);
    }

    /**
     * GET and OPTIONS; any other method is 405 with {@code Allow} ({@link MethodRefusal}): an event
     * stream is only for GET (HttpServlet answers HEAD with {@code doGet}, which would follow the
     * session for a client whose answer has no body, so that its leaving goes unnoticed).
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (MethodRefusal.allows(request, response, ALLOWED)) {
            super.service(request, response);
        }
    }

    /** {@code Allow: GET, OPTIONS}: what this servlet answers (HttpServlet's default offered HEAD and TRACE too). */
    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", "GET, OPTIONS");
        response.setHeader("Cache-Control", "no-cache, no-store");
    }

    /**
     * Whether the browser says another origin's page made the request ({@code Sec-Fetch-Site}; a
     * browser without it, or a client that is not a browser, is left to the authorizer).
     */
    private static boolean fromAnotherOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // every answer is about one user's session (204: it ended; 403: not yours): never kept by a cache
        response.setHeader("Cache-Control", "no-cache, no-store");
        String path = request.getPathInfo();
        var match = path == null ? null : PATH.matcher(path);
        if (match == null || !match.matches()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (fromAnotherOrigin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        String sessionId = match.group(1);
        boolean allowed;
        try {
            allowed = authorizer.mayWatch(request, sessionId);
        } catch (RuntimeException | Error e) {
            // an Error too (a class missing at run time, a failed static initializer): thrown on to the
            // container, its default error page (Jetty's, Tomcat's) showed the Error's message (Tomcat its
            // stack trace) to whoever asked, any browser
            LOG.log(e instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "the relay's authorizer threw " + e.getClass().getName() + " for session " + sessionId
                            + "; answered 500", e);
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return;
        }
        if (!allowed) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (!request.isAsyncSupported()) {
            LOG.log(System.Logger.Level.ERROR, "DockRelayServlet is mapped without async support; "
                    + "register it with setAsyncSupported(true)");
            response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return;
        }
        String lastEventId = request.getHeader("Last-Event-ID");
        if (lastEventId != null && lastEventId.length() > MAX_LAST_EVENT_ID) {
            lastEventId = null;
        }
        AsyncContext async = request.startAsync(request, response); // filters' wrappers apply
        async.setTimeout(0);
        ServletSink sink = new ServletSink(async, relay.settings().maxBufferedBytes());
        RelayRegistry.Admission admission;
        try {
            admission = relay.registry().subscribe(sessionId, lastEventId, sink);
        } catch (RuntimeException | Error e) {
            // an Error too (one opening the upstream, thrown on once the session's hub ended): thrown on to the
            // container, the asynchronous request would be completed as the sink closes, a bare 200
            LOG.log(e instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                    "the relay could not follow session " + sessionId + "; answered 500", e);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            sink.close();
            return;
        }
        if (admission != RelayRegistry.Admission.SUBSCRIBED) {
            response.setStatus(admission == RelayRegistry.Admission.NOTHING_MORE
                    ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            if (admission == RelayRegistry.Admission.UNAVAILABLE) {
                response.setHeader("Retry-After", "5");
            }
            sink.close();
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Accel-Buffering", "no");
        sink.start();
    }
}
