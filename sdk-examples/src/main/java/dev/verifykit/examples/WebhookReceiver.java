package dev.verifykit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Dokai webhook receiver as an integrator would write one, with {@link WebhookVerifier#handle}: it
 * verifies the signature of the raw body before parsing anything, hands each event to the handler
 * once however often it is delivered, and answers only after the handler returned: 204 to a
 * delivery handled now or before, 409 with {@code Retry-After} to a copy arriving while another is
 * handled, 400 (or 413) with the reason to a refused one, 503 with {@code Retry-After} when the
 * handler throws {@link NotAccepting} (the sender delivers it again later) and 500 when it throws
 * anything else. Built on the JDK's {@code HttpServer}, which reads requests without a deadline:
 * here a request must have all arrived 10 s after its connection had something to read (a body not
 * all there by then is answered 408, a request whose headers are not is dropped), so a client
 * holding back its body keeps one of the {@value #THREADS} threads for 10 s at the most. Deliveries
 * arriving while every thread is busy wait for one, {@value #QUEUED} at the most: one more is
 * answered 503 with {@code Retry-After} (the sender delivers it again) and its connection closed, on
 * one of {@value #BUSY_THREADS} threads kept for that; when those are busy too, its connection is
 * closed unanswered (the sender delivers it again).
 *
 * <pre>{@code
 * try (WebhookReceiver receiver = WebhookReceiver.start("127.0.0.1", 0, verifier, event -> store(event), log::info)) {
 *     createSessionWithWebhook(receiver.url());
 * }
 * }</pre>
 */
public final class WebhookReceiver implements AutoCloseable {
    /** The path deliveries are received on. */
    public static final String PATH = "/dokai/webhook";
    /** How many deliveries are received at once. */
    static final int THREADS = 16;
    /** How many deliveries wait for a thread at the most; more are answered 503. */
    static final int QUEUED = 64;
    /** How many threads answer 503 to the deliveries past {@link #QUEUED}. */
    static final int BUSY_THREADS = 2;
    /** Set on the threads answering deliveries past {@link #QUEUED}. */
    private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();
    /** How long a request may take to arrive. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How much more of a body over the limit is read (and thrown away) before it is answered. */
    static final int SWALLOW_BYTES = 1 << 20;

    /**
     * How long a sender is asked to wait before delivering again an event the handler did not accept,
     * or one not taken (every thread busy and {@value #QUEUED} deliveries waiting).
     */
    static final String NOT_ACCEPTING_RETRY_AFTER = "10";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ExecutorService busy;
    private final WebhookVerifier verifier;
    private final WebhookHandler handler;
    private final Consumer<String> log;
    private final AtomicInteger restsBeingRead = new AtomicInteger();

    /**
     * Thrown by a handler that takes no more events (the receiver is stopping): the delivery is
     * answered 503 with {@code Retry-After}, so that the sender delivers it again.
     */
    public static final class NotAccepting extends Exception {
        private static final long serialVersionUID = 1L;

        public NotAccepting(String message) {
            super(message, null, false, false);
        }
    }

    private WebhookReceiver(HttpServer server, ExecutorService executor, ExecutorService busy, WebhookVerifier verifier,
            WebhookHandler handler, Consumer<String> log) {
        this.server = server;
        this.executor = executor;
        this.busy = busy;
        this.verifier = verifier;
        this.handler = handler;
        this.log = log;
    }

    /**
     * Starts receiving on {@code host:port} (0 for a free port).
     *
     * @param handler called on the receiver's threads (several at once) with each event to handle;
     *     the delivery is answered once it returns
     * @param log told of every delivery, accepted or refused, in one line
     */
    public static WebhookReceiver start(String host, int port, WebhookVerifier verifier, WebhookHandler handler,
            Consumer<String> log) throws IOException {
        return start(host, port, verifier, handler, log, REQUEST_TIMEOUT, Scheduler.system());
    }

    /** With another time limit for a request to arrive, timed by {@code scheduler} (for tests). */
    static WebhookReceiver start(String host, int port, WebhookVerifier verifier, WebhookHandler handler,
            Consumer<String> log, Duration requestTimeout, Scheduler scheduler) throws IOException {
        return start(host, port, verifier, handler, log, requestTimeout, scheduler, THREADS, QUEUED);
    }

    /** With other numbers of threads and of deliveries waiting for one (for tests). */
    static WebhookReceiver start(String host, int port, WebhookVerifier verifier, WebhookHandler handler,
            Consumer<String> log, Duration requestTimeout, Scheduler scheduler, int threads, int queued)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        ExecutorService executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queued), daemon("webhook-receiver"));
        // no queue: a delivery past the waiting ones that finds these threads busy too is refused, and
        // the server closes its connection
        ExecutorService busy = new ThreadPoolExecutor(BUSY_THREADS, BUSY_THREADS, 0, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("webhook-receiver-busy"));
        server.setExecutor(exchange -> {
            try {
                executor.execute(() -> ExchangeDeadline.run(exchange, requestTimeout, scheduler));
            } catch (RejectedExecutionException full) {
                busy.execute(() -> {
                    BUSY.set(Boolean.TRUE);
                    try {
                        ExchangeDeadline.run(exchange, requestTimeout, scheduler);
                    } finally {
                        BUSY.remove();
                    }
                });
            }
        });
        WebhookReceiver receiver = new WebhookReceiver(server, executor, busy, verifier, handler, log);
        server.createContext(PATH, receiver::handle);
        server.start();
        return receiver;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** How many deliveries wait for a thread now (for tests). */
    int waiting() {
        return ((ThreadPoolExecutor) executor).getQueue().size();
    }

    /** How many refused bodies' rests are being read now (for tests). */
    int restsBeingRead() {
        return restsBeingRead.get();
    }

    /**
     * Where to send deliveries: the address listened on (IPv6 in brackets), or the loopback address
     * when listening on every address.
     */
    public String url() {
        InetAddress bound = server.getAddress().getAddress();
        InetAddress address = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
        try {
            return new URI("http", null, address.getHostAddress(), server.getAddress().getPort(), PATH, null, null)
                    .toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no URL for " + address, e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (Boolean.TRUE.equals(BUSY.get())) {
                answerBusy(exchange);
                return;
            }
            if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
                // the server's context takes every path it prefixes (/dokai/webhooks, /dokai/webhook/x): one path only
                respond(exchange, 404, "not found: deliveries are received on " + PATH);
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST"); // RFC 9110: a 405 names the methods taken
                respond(exchange, 405, "POST only");
                return;
            }
            ExchangeDeadline deadline = ExchangeDeadline.current();
            Optional<WebhookOutcome> unread = refusedUnread(exchange);
            WebhookOutcome outcome;
            boolean readToItsEnd = true;
            if (unread.isPresent()) {
                // declared longer than what is ever read of a refused body: answered at once, none of it read
                if (!deadline.readingBody(exchange) || !deadline.bodyRead()) {
                    return; // the deadline passed first
                }
                outcome = unread.get();
                readToItsEnd = false;
            } else {
                byte[] body = readBody(exchange, deadline);
                if (body == null) {
                    return;
                }
                boolean overLimit = body.length > verifier.maxBodyBytes();
                outcome = verifier.handle(body, exchange.getRequestHeaders(), handler);
                if (overLimit) {
                    readToItsEnd = readRest(exchange, deadline, outcome);
                    if (!deadline.bodyRead()) {
                        log.accept("timed out: the rest of a body over the limit had not all arrived "
                                + deadline.timeout().toMillis() + " ms after the request began; answered "
                                + deadline.lateStatus());
                        return;
                    }
                }
            }
            boolean notAccepting = outcome.failure().filter(NotAccepting.class::isInstance).isPresent();
            if (!readToItsEnd) {
                // not read to its end: the connection is closed after the answer rather than drained
                exchange.getResponseHeaders().set("Connection", "close");
            }
            switch (outcome.kind()) {
                case HANDLED -> log.accept("accepted " + outcome.event().orElseThrow().type() + " (signature verified)");
                case ALREADY_HANDLED -> log.accept("already handled " + outcome.event().orElseThrow().type()
                        + " (a copy of an earlier delivery)");
                case IN_PROGRESS -> log.accept("in progress elsewhere: " + outcome.event().orElseThrow().type());
                case REFUSED -> log.accept("refused: " + outcome.refusal().map(WebhookReceiver::describe).orElse(""));
                case HANDLER_FAILED -> log.accept("not handled (the sender delivers it again): "
                        + outcome.failure().map(f -> notAccepting ? f.getMessage() : f.toString()).orElse(""));
                default -> log.accept(outcome.kind() + ": " + outcome.failure().map(Throwable::toString).orElse(""));
            }
            if (notAccepting) {
                exchange.getResponseHeaders().set("Retry-After", NOT_ACCEPTING_RETRY_AFTER);
            } else {
                outcome.retryAfterHeader().ifPresent(seconds -> exchange.getResponseHeaders().set("Retry-After", seconds));
            }
            respond(exchange, notAccepting ? 503 : outcome.httpStatus() == 200 ? 204 : outcome.httpStatus(),
                    outcome.refusal().map(WebhookReceiver::code).orElse(null));
            if (!readToItsEnd) {
                exchange.getResponseBody().flush();
                Thread.currentThread().interrupt(); // closing the exchange closes the connection, not reading on
            }
        }
    }

    /**
     * A delivery arriving while every thread is busy and {@value #QUEUED} deliveries wait: answered
     * 503 with {@code Retry-After}, its body unread, and its connection closed.
     */
    private void answerBusy(HttpExchange exchange) throws IOException {
        ExchangeDeadline deadline = ExchangeDeadline.current();
        if (!deadline.readingBody(exchange) || !deadline.bodyRead()) {
            return; // the deadline passed first
        }
        log.accept("busy: every thread handles a delivery and more wait; answered 503 (the sender delivers it again)");
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.getResponseHeaders().set("Retry-After", NOT_ACCEPTING_RETRY_AFTER);
        respond(exchange, 503, "BUSY");
        exchange.getResponseBody().flush();
        Thread.currentThread().interrupt(); // closing the exchange closes the connection, not reading on
    }

    /**
     * The refusal of a body by its declared length alone, before any of it is read: one declared
     * longer than what is read of a refused body (the verifier's limit and {@value #SWALLOW_BYTES}
     * more) would be refused after that much of it was read, or, arriving slowly, answered 408 at
     * the deadline. Empty when the length is within that, or not declared.
     */
    private Optional<WebhookOutcome> refusedUnread(HttpExchange exchange) {
        long length = declaredLength(exchange);
        if (length <= verifier.maxBodyBytes() + 1L + SWALLOW_BYTES) {
            return Optional.empty();
        }
        return verifier.refuseByLength(length, exchange.getRequestHeaders());
    }

    /** The body's declared length ({@code Content-Length}), -1 when not declared. */
    private static long declaredLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1; // the JDK's server refuses such a request before it reaches here
        }
    }

    /**
     * The rest of a body over the limit, read and thrown away (up to {@value #SWALLOW_BYTES} bytes)
     * before its refusal is answered, still under the request's deadline, which now answers with
     * the refusal: a sender still writing when its connection closed would see a reset instead of
     * the answer (and retry). A body declared longer than that was refused unread ({@link #refusedUnread}).
     *
     * @return whether the body was read to its end (the connection can then be kept)
     */
    private boolean readRest(HttpExchange exchange, ExchangeDeadline deadline, WebhookOutcome refused) {
        deadline.answerLateWith(refused.httpStatus(), refused.refusal().map(WebhookReceiver::code).orElse(""));
        restsBeingRead.incrementAndGet();
        try {
            return swallow(exchange);
        } finally {
            restsBeingRead.decrementAndGet();
        }
    }

    /** Reads and throws away what is left of the body, up to {@value #SWALLOW_BYTES} bytes. */
    private boolean swallow(HttpExchange exchange) {
        byte[] scratch = new byte[8192];
        long left = SWALLOW_BYTES;
        try {
            InputStream in = exchange.getRequestBody();
            int read;
            while ((read = in.read(scratch, 0, (int) Math.min(scratch.length, left + 1))) >= 0) {
                left -= read;
                if (left < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The body, at most one byte past the verifier's limit, read under the request's deadline (which
     * still runs when the body is over the limit: its rest is read next); {@code null} when the
     * deadline passed first (answered 408) or the read failed.
     */
    private byte[] readBody(HttpExchange exchange, ExchangeDeadline deadline) {
        if (!deadline.readingBody(exchange)) {
            return null;
        }
        long declared = declaredLength(exchange);
        if (declared > verifier.maxBodyBytes()) {
            // over the limit by its declared length: if its bytes stop short of the limit, its refusal at the
            // deadline (413), not a 408 that would have the sender send it all again, to be refused again
            deadline.answerLateAs(() -> verifier.refuseByLength(declared, exchange.getRequestHeaders())
                    .map(refused -> new ExchangeDeadline.LateAnswer(refused.httpStatus(),
                            refused.refusal().map(WebhookReceiver::code).orElse("")))
                    .orElse(null));
        }
        long limit = verifier.maxBodyBytes() + 1L;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            InputStream in = exchange.getRequestBody();
            int read;
            while (body.size() < limit && (read = in.read(chunk, 0, (int) Math.min(chunk.length, limit - body.size()))) >= 0) {
                body.write(chunk, 0, read);
            }
        } catch (IOException e) {
            if (deadline.bodyRead()) {
                log.accept("the body could not be read: " + e.getMessage());
            } else {
                logTimedOut(deadline, body);
            }
            return null;
        }
        if (body.size() < limit && !deadline.bodyRead()) {
            logTimedOut(deadline, body);
            return null;
        }
        return body.toByteArray();
    }

    private void logTimedOut(ExchangeDeadline deadline, ByteArrayOutputStream body) {
        log.accept("timed out: the body had not all arrived " + deadline.timeout().toMillis()
                + " ms after the request began (" + body.size() + " bytes); answered " + deadline.lateStatus());
    }

    private static String describe(VerifyKitException refusal) {
        return refusal instanceof WebhookVerificationException e ? e.reason() + ": " + e.getMessage()
                : "signed but not a Dokai event: " + refusal.getMessage();
    }

    private static String code(VerifyKitException refusal) {
        return refusal instanceof WebhookVerificationException e ? e.reason().name() : "MALFORMED_EVENT";
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        if (text == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        busy.shutdownNow();
    }
}
