package dev.verifykit.servlet;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.internal.WebhookNotTaken;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.internal.SystemScheduler;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import okio.Buffer;

/**
 * A Dokai webhook endpoint: {@code POST} deliveries are read as raw bytes, once, at most the
 * verifier's {@code maxBodyBytes}, and handed to {@link WebhookVerifier#handle}, which verifies the
 * signature, calls your handler once per event (claim, handle, then commit or release) and says how
 * to answer: 200 handled now or before, 409 with {@code Retry-After} while another copy is being
 * handled, 400 refused, 500 when your handler threw (the service's retry is then handled), 503 with
 * {@code Retry-After} when the replay guard is unreachable. The answer's body is the outcome's kind ({@code HANDLED}, ...), never the
 * reason for a refusal.
 *
 * <p>A body over {@code maxBodyBytes} is answered 413 without being kept or handed on; the rest of it
 * (up to 1 MiB more) is read and thrown away first, so that the 413 reaches a sender still writing
 * instead of a reset connection (so is a body refused for its signature header before it was read). A body declared longer than that, or still arriving after it, is
 * answered 413 and its connection closed: a declared one at once, before a byte of it is read. So
 * is a body declared over {@code maxBodyBytes} by a sender waiting for {@code 100 Continue}
 * ({@code Expect: 100-continue}): in a container that answers {@code 100 Continue} when the body is
 * first read (Jetty), it is never asked for the body, and gets the 413 instead of a reset while
 * sending what would be thrown away. Tomcat answers it before the servlet sees the request (its
 * connector's {@code continueResponseTiming}, {@code immediately} by default), so there the sender is
 * asked for the body and the 413 comes while it sends; {@code continueResponseTiming="onRead"} keeps the
 * promise with the servlet registered without async support (Tomcat answers only a blocking read: with
 * it, a sender waiting for {@code 100 Continue} would wait until the body's time limit). The Spring
 * Boot starter registers it with async support and leaves Tomcat's connector as it is.
 *
 * <p>Registered with async support (Spring Boot's registrations have it), the body is read without
 * holding a container thread while it arrives, and a body that has not all arrived 10 s after the
 * request began is answered 408 without calling the handler (413 when it is declared, or already,
 * over {@code maxBodyBytes}), so a client trickling its body cannot keep a request open for long. The
 * bodies arriving at once keep at most 64 MiB together (or twice {@code maxBodyBytes}, when more), counted as the
 * memory holding them (8-KiB segments, each counted as it is taken): a delivery whose
 * bytes would pass it is answered 503 with {@code Retry-After}, to be sent again, so that many
 * senders at once cannot fill the memory. Without async
 * support it is read blocking, bounded only by the container's idle timeout between reads.
 *
 * <p>A delivery this servlet could not take is answered 503 with {@code Retry-After} (not 400, which
 * tells a sender not to retry), so that the service sends it again and it is not lost: when its body
 * could not be read (the connection failed or the container's idle timeout struck mid-body), when
 * the container ended the request while its body was arriving (Tomcat does, as an asynchronous
 * timeout, when its connector stops: a graceful shutdown whose time is up, or an immediate one), and
 * when the servlet was taken out of service. None of these calls the handler or touches the replay guard. {@link #destroy()} (called by the
 * container when it takes the servlet out of service) answers so every delivery whose body is still
 * arriving, cancels its deadline, and answers every later request so; a delivery already being
 * handled finishes, its claim committed or released.
 *
 * <p>{@code OPTIONS} answers {@code Allow: POST, OPTIONS}; every other method ({@code TRACE} too,
 * which would echo the request's headers) is 405 with that {@code Allow}.
 *
 * <p>Map it where no filter reads or wraps the body first (the body must reach the verifier exactly
 * as sent).
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(System.getenv("DOKAI_WEBHOOK_SECRET")).build();
 * ServletRegistration.Dynamic webhook = context.addServlet("verifykit-webhook",
 *         new WebhookServlet(verifier, event -> store(event)));
 * webhook.addMapping("/verifykit/dokai/webhook");
 * webhook.setAsyncSupported(true); // the body's 10-s limit
 * }</pre>
 */
public class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("dev.verifykit.servlet");
    /** The methods it answers; every other is 405. */
    private static final List<String> ALLOWED = List.of("POST", "OPTIONS");
    /** How long a body may take to arrive when read asynchronously. */
    static final int BODY_TIMEOUT_SECONDS = 10;
    /** What a read takes at once, and the size of the segments a body is kept in (okio's). */
    private static final int CHUNK = 8192;
    /**
     * How much of a refused body's rest is read and thrown away before it is answered, so that the
     * answer reaches a sender still writing (a connection closed with unread bytes is reset, and the
     * sender may see the reset, not the answer). A body declared longer is answered at once, its
     * connection closed. Tomcat's {@code maxSwallowSize} does the same after a response, with 2 MiB.
     */
    static final int SWALLOW_BYTES = 1 << 20;
    /** The {@code Retry-After} of a delivery this servlet could not take (its body unread, or the servlet destroyed). */
    static final String RETRY_AFTER_SECONDS = "10";
    /**
     * The most bytes the bodies still arriving keep together (the least: twice the verifier's limit,
     * in whole segments): each one is bounded, but not their number, and the endpoint is open to anyone.
     */
    static final long BODIES_BUDGET = 64L << 20;
    /** The refusal reasons told of the deliveries this servlet answers without handing them to the verifier. */
    static final String BODIES_BUDGET_FULL = "BODIES_BUDGET_FULL";
    static final String SERVLET_DESTROYED = "SERVLET_DESTROYED";
    static final String BODY_UNREAD = "BODY_UNREAD";
    static final String BODY_TIMEOUT = "BODY_TIMEOUT";

    private final transient WebhookVerifier verifier;
    private final transient WebhookHandler handler;
    private final transient Duration bodyTimeout;
    private final transient Scheduler scheduler;
    /** The timer of this servlet's own, with the default scheduler: ended by {@link #destroy()}. */
    private final transient SystemScheduler ownedTimer;
    /** The asynchronous reads whose body is still arriving: what {@link #destroy()} ends. */
    private final transient Set<BodyRead> reading = ConcurrentHashMap.newKeySet();
    /**
     * The bytes kept by the bodies still arriving, together at most {@link #bodiesBudget}: the memory
     * they take, each body's segments counted whole as they are taken.
     */
    private final transient AtomicLong kept = new AtomicLong();
    private final transient long bodiesBudget;
    private transient volatile boolean destroyed;

    /**
     * @param verifier checks deliveries (share one; its replay guard is where handled events are remembered)
     * @param handler what to do with each verified event, once
     * @throws ValidationException when either is null
     */
    public WebhookServlet(WebhookVerifier verifier, WebhookHandler handler) {
        this(verifier, handler, Duration.ofSeconds(BODY_TIMEOUT_SECONDS), Scheduler.system());
    }

    /** With another body time limit, timed by {@code scheduler} (for tests). */
    WebhookServlet(WebhookVerifier verifier, WebhookHandler handler, Duration bodyTimeout, Scheduler scheduler) {
        this(verifier, handler, bodyTimeout, scheduler, BODIES_BUDGET);
    }

    /** With another budget for the bodies still arriving (for tests). */
    WebhookServlet(WebhookVerifier verifier, WebhookHandler handler, Duration bodyTimeout, Scheduler scheduler,
            long bodiesBudget) {
        this.verifier = Require.present("verifier", verifier);
        this.bodiesBudget = Math.max(bodiesBudget, 2 * segmentBytes(verifier.maxBodyBytes() + 1L));
        this.handler = Require.present("handler", handler);
        this.bodyTimeout = Require.present("bodyTimeout", bodyTimeout);
        Require.present("scheduler", scheduler);
        // the default scheduler gets a timer of this servlet's own, which destroy() ends: no thread of
        // the library outlives an undeployed application (the shared one idles 30 s before it ends)
        this.ownedTimer = scheduler == Scheduler.system() ? SystemScheduler.newTimer() : null;
        this.scheduler = ownedTimer != null ? ownedTimer : scheduler;
    }

    /**
     * Takes the servlet out of service, for good: every delivery whose body is still arriving is
     * answered 503 with {@code Retry-After} (its deadline cancelled, its handler never called), and so
     * is every later request (one whose request the container has ended already is left to it). A
     * delivery being handled is not cut short. The servlet's timer (of the bodies' time limit) ends,
     * whatever became of the reads. The verifier and the handler are the application's, and are left as
     * they are.
     */
    @Override
    public void destroy() {
        destroyed = true;
        try {
            for (BodyRead read : reading) {
                try {
                    read.abandon(SERVLET_DESTROYED);
                } catch (RuntimeException e) { // one read's failure leaves the others to be answered
                    LOG.log(System.Logger.Level.WARNING, "a webhook delivery still arriving could not be ended", e);
                }
            }
        } finally {
            if (ownedTimer != null) {
                ownedTimer.close();
            }
            super.destroy();
        }
    }

    /** The bytes of the segments ({@link #CHUNK} each) holding {@code size} bytes written one after another. */
    static long segmentBytes(long size) {
        return (size + CHUNK - 1) / CHUNK * CHUNK;
    }

    /** The bytes the bodies still arriving keep (for tests). */
    long keptBytes() {
        return kept.get();
    }

    /** How many bodies still arriving are already over the limit, their rest being thrown away (for tests). */
    long refusedStillArriving() {
        return reading.stream().filter(BodyRead::overTheLimit).count();
    }

    /** POST and OPTIONS; any other method is 405 with {@code Allow} ({@link MethodRefusal}). */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (MethodRefusal.allows(request, response, ALLOWED)) {
            super.service(request, response);
        }
    }

    /** {@code Allow: POST, OPTIONS}: what this servlet answers (HttpServlet's default offered TRACE too). */
    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Allow", "POST, OPTIONS");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (destroyed) {
            told(SERVLET_DESTROYED, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            unavailable(response);
            return;
        }
        Map<String, List<String>> headers = Map.of(WebhookSigner.HEADER,
                Collections.list(request.getHeaders(WebhookSigner.HEADER)));
        Optional<WebhookOutcome> refused = refusedUnread(request, headers);
        if (refused.isPresent()) { // nothing of the body read: a first read would send 100 Continue
            answer(refused.get(), response, true);
            return;
        }
        if (request.isAsyncSupported()) {
            AsyncContext async = request.startAsync(request, response);
            async.setTimeout(0); // the body's own deadline below; the handler may take longer
            new BodyRead(async, headers).start();
            return;
        }
        WebhookOutcome outcome;
        try {
            outcome = verifier.handle(new UntilDestroyed(request.getInputStream()), headers, handler);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's body could not be read; answered 503", e);
            told(destroyed ? SERVLET_DESTROYED : BODY_UNREAD, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            unavailable(response);
            return;
        } catch (Error e) {
            // what escapes the verifier (an Error from the handler): answered 500 here, as on an asynchronous
            // read, and written out before it is thrown on; left to the container, its default error page
            // (Jetty's, Tomcat's) sent the sender the Error's message (Tomcat its stack trace)
            LOG.log(System.Logger.Level.ERROR, "a webhook delivery failed; answered 500 so that it is sent again", e);
            failed(response);
            throw e;
        }
        // a refusal may leave the body unread (over the limit, or refused for its header before it was read)
        answer(outcome, response, outcome.kind() == WebhookOutcome.Kind.REFUSED && !swallowRest(request));
    }

    /**
     * A body read blocking, whose end is refused (an {@code IOException}, answered 503) once the
     * servlet has been destroyed: a delivery still arriving then is not handled, as on an
     * asynchronous read. The verifier hands a body to the handler only once it has read its end.
     */
    private final class UntilDestroyed extends FilterInputStream {
        UntilDestroyed(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            return checked(super.read());
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return checked(super.read(bytes, offset, length));
        }

        private int checked(int read) throws IOException {
            if (read < 0 && destroyed) {
                throw new IOException("the webhook servlet was taken out of service while the body arrived");
            }
            return read;
        }
    }

    /**
     * The refusal of a body by its declared length, before any of it is read: over the verifier's
     * limit, and either longer than what is read of a refused body ({@link #SWALLOW_BYTES} past it)
     * or awaited by a sender waiting for {@code 100 Continue}, which is then never asked for it.
     */
    private Optional<WebhookOutcome> refusedUnread(HttpServletRequest request, Map<String, List<String>> headers) {
        long declared = request.getContentLengthLong();
        if (declared > verifier.maxBodyBytes() + 1L + SWALLOW_BYTES
                || "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            return verifier.refuseByLength(declared, headers);
        }
        return Optional.empty();
    }

    /**
     * Reads and throws away what is left of a refused body, blocking, up to {@link #SWALLOW_BYTES};
     * true when it ended (at once when it was all read).
     */
    private static boolean swallowRest(HttpServletRequest request) {
        long left = SWALLOW_BYTES;
        byte[] chunk = new byte[CHUNK];
        try {
            InputStream in = request.getInputStream();
            while (left > 0) {
                int read = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (read < 0) {
                    return true;
                }
                left -= read;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the rest of a webhook body over the limit could not be read", e);
        }
        return false;
    }

    /**
     * 503 with {@code Retry-After} and the connection closed (the rest of a body is not read): a
     * delivery not taken, which the service is to send again. A 4xx would tell it not to.
     */
    private static void unavailable(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setHeader("Connection", "close");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write("UNAVAILABLE\n".getBytes(StandardCharsets.UTF_8));
    }

    /** 500 with no body, written out: a delivery whose handler failed with an {@code Error}, to be sent again. */
    private static void failed(HttpServletResponse response) {
        try {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
            response.flushBuffer();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's answer could not be written", e);
        }
    }

    /**
     * Tells the verifier's listeners ({@code onWebhookRefused}) of a delivery answered {@code status}
     * without being handed to the verifier, which never saw it; a listener's failure is logged, and the
     * delivery answered all the same.
     */
    private void told(String reason, int status) {
        try {
            WebhookNotTaken.tell(verifier, reason, status);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a webhook listener failed on a refusal (" + reason + ")", e);
        }
    }

    /** Answers {@code outcome}; {@code close} when bytes of the request are left unread. */
    private static void answer(WebhookOutcome outcome, HttpServletResponse response, boolean close) throws IOException {
        log(outcome);
        response.setStatus(outcome.httpStatus());
        if (close) {
            response.setHeader("Connection", "close");
        }
        outcome.retryAfterHeader().ifPresent(seconds -> response.setHeader("Retry-After", seconds));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((outcome.kind() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One delivery's body read as it arrives, kept up to one byte past the verifier's limit (the rest
     * of a larger one read and thrown away, up to {@link #SWALLOW_BYTES}), then handled on the
     * container thread that read its end, or, over the limit, when as much as allowed was read; or
     * answered 408 when the deadline passes first (413 when the body is already over the limit, or
     * declared so), or 503 when the container reports the read failed, ends the request itself (an asynchronous
     * timeout: this servlet sets none, so it is the container's stop) or the servlet is destroyed.
     * Exactly one of these ends it; a request the container completes first (after an error of its
     * own) ends it unanswered, its deadline cancelled: the response is no longer this read's to write.
     */
    private final class BodyRead implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final Map<String, List<String>> headers;
        /** The body kept so far, in segments of {@link #CHUNK} bytes (no array doubling as it grows). */
        private final Buffer body = new Buffer();
        /** The bytes of {@link #kept} this body holds: its segments, counted whole. */
        private long charged;
        private final long limit = verifier.maxBodyBytes() + 1L;
        private final long readAtMost = limit + SWALLOW_BYTES;
        private long received;
        /** The body's declared length, -1 when not declared. */
        private long declared = -1;
        private boolean overBudget;
        private ServletInputStream in;
        private Cancellable deadline;
        private boolean ended;

        BodyRead(AsyncContext async, Map<String, List<String>> headers) {
            this.async = async;
            this.headers = headers;
        }

        void start() throws IOException {
            in = async.getRequest().getInputStream();
            declared = async.getRequest().getContentLengthLong();
            async.addListener(this); // the container's own end of the request ends the read
            reading.add(this); // from here on, destroy() ends it
            synchronized (this) {
                if (!destroyed) {
                    deadline = scheduler.schedule(bodyTimeout, this::expire);
                    if (!ended) { // else expired at once
                        in.setReadListener(this);
                    }
                    return;
                }
            }
            abandon(SERVLET_DESTROYED);
        }

        synchronized boolean overTheLimit() {
            return received >= limit;
        }

        /** Ends the read with 503, told for {@code reason}, unless it ended otherwise first. */
        void abandon(String reason) {
            synchronized (this) {
                if (!end()) {
                    return;
                }
            }
            finish(HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, reason);
        }

        @Override
        public void onDataAvailable() throws IOException {
            byte[] chunk = new byte[CHUNK];
            synchronized (this) {
                if (ended) {
                    return;
                }
                while (received < readAtMost && in.isReady()) {
                    int read = in.read(chunk, 0, (int) Math.min(chunk.length, readAtMost - received));
                    if (read < 0) {
                        return; // onAllDataRead follows
                    }
                    int keep = (int) Math.max(0, Math.min(read, limit - received));
                    // the segments the body takes to hold these bytes too, charged as they are taken
                    long more = segmentBytes(body.size() + keep) - charged;
                    if (more > 0 && kept.addAndGet(more) > bodiesBudget) {
                        kept.addAndGet(-more);
                        overBudget = true;
                        break;
                    }
                    charged += more;
                    body.write(chunk, 0, keep);
                    received += read;
                }
                if ((!overBudget && received < readAtMost) || !end()) {
                    return;
                }
            }
            if (overBudget) {
                // the bodies arriving together hold the budget: this delivery is not taken, and is sent again
                LOG.log(System.Logger.Level.WARNING, "webhook bodies still arriving hold " + bodiesBudget
                        + " bytes together; a delivery was answered 503 to be sent again");
                finish(HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, BODIES_BUDGET_FULL);
                return;
            }
            handle(true); // over the limit, and read as far as it may be: refused, the rest unread
        }

        @Override
        public void onAllDataRead() {
            synchronized (this) {
                if (!end()) {
                    return;
                }
            }
            if (destroyed) {
                // its end came as destroy() walked the reads, after it had begun: not taken, as a
                // blocking read's end then is not (UntilDestroyed)
                finish(HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, SERVLET_DESTROYED);
                return;
            }
            handle(false);
        }

        @Override
        public void onError(Throwable failure) {
            synchronized (this) {
                if (!end()) {
                    return;
                }
            }
            LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's body could not be read; answered 503", failure);
            finish(HttpServletResponse.SC_SERVICE_UNAVAILABLE, null, BODY_UNREAD);
        }

        /** The container ended the request (its connector stopping): the delivery is not taken, 503. */
        @Override
        public void onTimeout(AsyncEvent event) {
            abandon(BODY_UNREAD);
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        /** Completed, by this read's answer or by the container (the response then no longer to be written). */
        @Override
        public void onComplete(AsyncEvent event) {
            synchronized (this) {
                end();
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // never started again
        }

        private void expire() {
            boolean tooLarge;
            long arrived;
            synchronized (this) {
                if (!end()) {
                    return;
                }
                tooLarge = received >= limit;
                arrived = received;
            }
            if (tooLarge) {
                handle(true); // refused as too large, whatever is still to come
                return;
            }
            // declared over the limit, its bytes stopped short of it: over the limit all the same, 413
            // (a 408 asks the sender to send it all again, to be refused again)
            Optional<WebhookOutcome> declaredTooLarge = verifier.refuseByLength(declared, headers);
            if (declaredTooLarge.isPresent()) {
                try {
                    answer(declaredTooLarge.get(), (HttpServletResponse) async.getResponse(), true);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's answer could not be written", e);
                } finally {
                    complete();
                }
                return;
            }
            LOG.log(System.Logger.Level.INFO, "a webhook delivery's body had not arrived " + bodyTimeout.toMillis()
                    + " ms after its request began (" + arrived + " bytes); answered 408");
            finish(HttpServletResponse.SC_REQUEST_TIMEOUT, "REQUEST_TIMEOUT", BODY_TIMEOUT);
        }

        /** Marks the read ended, once; the caller that gets true answers. Holds the lock. */
        private boolean end() {
            if (ended) {
                return false;
            }
            ended = true;
            reading.remove(this);
            kept.addAndGet(-charged); // its bytes are handed on (the handlers running at once are the container's threads) or dropped
            if (deadline != null) {
                deadline.cancel();
            }
            return true;
        }

        /** Hands the body to the verifier and answers; {@code close} when bytes of it are left unread. */
        private void handle(boolean close) {
            WebhookOutcome outcome;
            try {
                outcome = verifier.handle(body.readByteArray(), headers, handler);
            } catch (RuntimeException | Error e) {
                // what escapes the verifier (an Error from the handler): completed here, the request would
                // answer 200 and the delivery be lost, so it is answered 500 (as a blocking read answers it),
                // for the service to send it again
                LOG.log(System.Logger.Level.ERROR, "a webhook delivery failed; answered 500 so that it is sent again", e);
                finish(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, null, null);
                if (e instanceof Error error) {
                    throw error;
                }
                return;
            }
            try {
                answer(outcome, (HttpServletResponse) async.getResponse(), close);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's answer could not be written", e);
            } finally {
                complete();
            }
        }

        /**
         * Answers {@code status} (503: {@link #unavailable}), or 408 with {@code text}, and completes;
         * a delivery not handed to the verifier is told to its listeners first, for {@code reason}
         * (null: the verifier had it). The answer is written out before the request is completed: an
         * {@code Error} the caller throws on out of a read listener has Tomcat close the connection
         * without writing a completed response.
         */
        private void finish(int status, String text, String reason) {
            if (reason != null) {
                told(reason, status);
            }
            try {
                // throws when the container has ended the request meanwhile (Tomcat recycles it)
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                    unavailable(response);
                } else {
                    response.setStatus(status);
                    response.setHeader("Connection", "close"); // the rest of the body is not read
                    byte[] body = text == null ? new byte[0] : (text + "\n").getBytes(StandardCharsets.UTF_8);
                    if (text != null) {
                        response.setContentType("text/plain;charset=UTF-8");
                    }
                    response.setContentLength(body.length);
                    response.getOutputStream().write(body);
                }
                response.flushBuffer();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "a webhook delivery's answer could not be written", e);
            } finally {
                complete();
            }
        }

        private void complete() {
            try {
                async.complete();
            } catch (IllegalStateException alreadyOver) {
                // the container ended the request first (the client went away)
            }
        }
    }

    private static void log(WebhookOutcome outcome) {
        switch (outcome.kind()) {
            case REFUSED -> LOG.log(System.Logger.Level.INFO, "a webhook delivery was refused: "
                    + outcome.refusal().map(Throwable::getMessage).orElse("(no reason)"));
            case HANDLER_FAILED -> LOG.log(System.Logger.Level.WARNING, "the webhook handler failed; answered 500 "
                    + "so the delivery is sent again", outcome.failure().orElse(null));
            case GUARD_UNAVAILABLE -> LOG.log(System.Logger.Level.WARNING, "the replay guard is unreachable; answered 503",
                    outcome.failure().orElse(null));
            default -> LOG.log(System.Logger.Level.DEBUG, () -> "webhook delivery: " + outcome);
        }
    }
}
