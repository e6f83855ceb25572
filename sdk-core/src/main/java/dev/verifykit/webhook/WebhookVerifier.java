package dev.verifykit.webhook;

import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WebhookVerificationException;
import dev.verifykit.error.WebhookVerificationException.Reason;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WebhookDelivery;
import dev.verifykit.event.WebhookRefusal;
import dev.verifykit.event.internal.Listeners;
import dev.verifykit.event.internal.StderrLog;
import dev.verifykit.http.internal.Redactor;
import dev.verifykit.http.internal.Secret;
import dev.verifykit.internal.Require;
import dev.verifykit.internal.WebhookNotTaken;
import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.internal.BodyHints;
import dev.verifykit.webhook.internal.BoundedBody;
import dev.verifykit.webhook.internal.ClaimKeeper;
import dev.verifykit.webhook.internal.DokaiEvents;
import dev.verifykit.webhook.internal.HmacKey;
import dev.verifykit.webhook.internal.InMemoryReplayGuard;
import dev.verifykit.webhook.internal.SignatureHeader;
import dev.verifykit.webhook.internal.WebhookLog;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Checks that a webhook delivery comes from Dokai: the {@value WebhookSigner#HEADER} header must
 * hold an HMAC-SHA256 of the raw body under one of the configured secrets. Give it the body's bytes
 * exactly as received, before any JSON parsing: a re-serialised body does not verify.
 *
 * <p>Accepted header forms:
 * <ul>
 *   <li>{@code <hex>}: the HMAC of the body, in lower- or upper-case hex (what Dokai sends);</li>
 *   <li>{@code sha256=<hex>}: the same with a prefix;</li>
 *   <li>{@code t=<unix seconds>,v1=<hex>[,v1=<hex>…]}: each {@code v1} an HMAC of
 *       {@code "<t>.<body>"}; the delivery verifies when any of them matches, and {@code t} must
 *       be within the tolerance of the clock, in either direction.</li>
 * </ul>
 * Signatures are compared in constant time. Every refusal is a {@link WebhookVerificationException}
 * whose message names the scheme seen but never a secret or an expected signature.
 *
 * <p>{@link #handle} verifies a delivery, parses it, and calls your handler exactly once per event
 * however often the service sends it, in the safe order (claim, handle, then commit or release;
 * see {@link ReplayGuard}), and says how to answer:
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder()
 *         .secret(System.getenv("DOKAI_WEBHOOK_SECRET"))
 *         .build();
 *
 * // in the HTTP handler
 * WebhookOutcome outcome = verifier.handle(request.bodyBytes(), request.headers(), event -> store(event));
 * outcome.retryAfterHeader().ifPresent(seconds -> response.header("Retry-After", seconds));
 * return outcome.httpStatus(); // 200 handled now or before, 409 in progress, 400 refused, 500 handler failed
 * }</pre>
 *
 * <p>{@link #verify} and {@link #verifyAndParse} only check a delivery (its signature, its time, its
 * size, and for {@code verifyAndParse} its event): they never consult or record anything in the
 * replay guard, since they cannot know whether your code then handled the event, and a delivery
 * recorded before it was handled makes the service's retry of one your code failed look like a
 * replay (and the event is lost). Use {@link #handle} to have each event handled once.
 *
 * <p>Instances are immutable and thread-safe; build one and share it.
 */
public final class WebhookVerifier {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.webhook");
    /** The default tolerance for the {@code t=} timestamp: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** The longest tolerance taken (the starter and the command line keep the same). */
    private static final Duration MAX_TOLERANCE = Duration.ofHours(1);
    /** The default largest body accepted: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    private static final int LARGEST_MAX_BODY_BYTES = Integer.MAX_VALUE - 16;

    private final List<HmacKey> keys;
    /** Shows a signed body's text in a refusal as any server text is: the secrets masked, escaped, cut. */
    private final Redactor shown;
    private final Duration tolerance;
    private final Scheduler scheduler;
    private final int maxBodyBytes;
    private final boolean checkTimestamp;
    private final ReplayGuard configuredGuard;
    private final AtomicBoolean guardUnusedTold = new AtomicBoolean();
    private final ReplayGuard eventGuard;
    private final VerifyKitListener listener;

    static {
        // the deliveries WebhookServlet answers without handing them on are told to this verifier's listeners
        WebhookNotTaken.teller(WebhookVerifier::told);
    }

    private WebhookVerifier(Builder builder) {
        this.keys = builder.secrets.stream().map(HmacKey::of).toList();
        this.shown = new Redactor(builder.secrets.stream().map(Secret::of).toList());
        this.tolerance = builder.tolerance;
        this.scheduler = builder.scheduler;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.checkTimestamp = !builder.skipTimestampCheck;
        this.configuredGuard = builder.replayGuard;
        // an in-memory guard (the default one, or one set) keeps its claims on this verifier's monotonic clock
        this.eventGuard = InMemoryReplayGuard.timedBy(builder.replayGuard != null ? builder.replayGuard
                : ReplayGuard.inMemory(), scheduler);
        this.listener = Listeners.of(StderrLog.withConfigured(builder.listeners));
    }

    /** A builder; at least one secret is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Verifies a delivery.
     *
     * @param rawBody the body exactly as received
     * @param signatureHeader the {@value WebhookSigner#HEADER} value, or {@code null} when absent
     * @throws WebhookVerificationException when the delivery is refused
     */
    public void verify(byte[] rawBody, String signatureHeader) {
        authenticate(rawBody, signatureHeader);
        warnGuardUnused();
    }

    /**
     * Verifies a delivery, finding {@value WebhookSigner#HEADER} in the request headers whatever
     * the case of its name.
     *
     * @param rawBody the body exactly as received
     * @param headers the request headers; a header sent twice is refused as malformed
     * @throws WebhookVerificationException when the delivery is refused
     */
    public void verify(byte[] rawBody, Map<String, List<String>> headers) {
        verify(rawBody, signatureHeader(headers));
    }

    /**
     * Reads the body, at most the maximum body size, and verifies the delivery. The stream is not closed.
     *
     * @return the body that verified
     * @throws WebhookVerificationException when the delivery is refused
     * @throws UncheckedIOException when reading the stream fails
     */
    public byte[] verify(InputStream rawBody, String signatureHeader) {
        byte[] body = readBody(rawBody, signatureHeader);
        verify(body, signatureHeader);
        return body;
    }

    /**
     * {@link #verify(InputStream, String)} with the header found in the request headers.
     *
     * @return the body that verified
     * @throws WebhookVerificationException when the delivery is refused
     * @throws UncheckedIOException when reading the stream fails
     */
    public byte[] verify(InputStream rawBody, Map<String, List<String>> headers) {
        return verify(rawBody, signatureHeader(headers));
    }

    /**
     * Verifies a delivery and reads its event.
     *
     * @param rawBody the body exactly as received
     * @param signatureHeader the {@value WebhookSigner#HEADER} value, or {@code null} when absent
     * @return the event
     * @throws WebhookVerificationException when the delivery is refused
     * @throws MalformedResponseException when a verified body is not a JSON object with an
     *     {@code event}, or a completed or failed event is not a Dokai session (one whose id the
     *     Dokai client would refuse to read back included)
     */
    public DokaiWebhookEvent verifyAndParse(byte[] rawBody, String signatureHeader) {
        authenticate(rawBody, signatureHeader);
        DokaiWebhookEvent event = parse(rawBody).event();
        warnGuardUnused();
        return event;
    }

    /**
     * {@link #verifyAndParse(byte[], String)} with the header found in the request headers.
     *
     * @return the event
     * @throws WebhookVerificationException when the delivery is refused
     * @throws MalformedResponseException when a verified body is not a Dokai event (a completed or
     *     failed event whose session has no outcome yet, pending or processing, or an id the Dokai
     *     client would refuse to read back, included)
     */
    public DokaiWebhookEvent verifyAndParse(byte[] rawBody, Map<String, List<String>> headers) {
        return verifyAndParse(rawBody, signatureHeader(headers));
    }

    /**
     * {@link #verifyAndParse(byte[], String)} reading the body from a stream, at most the maximum
     * body size. The stream is not closed.
     *
     * @return the event
     * @throws WebhookVerificationException when the delivery is refused
     * @throws MalformedResponseException when a verified body is not a Dokai event (a completed or
     *     failed event whose session has no outcome yet, pending or processing, or an id the Dokai
     *     client would refuse to read back, included)
     * @throws UncheckedIOException when reading the stream fails
     */
    public DokaiWebhookEvent verifyAndParse(InputStream rawBody, String signatureHeader) {
        return verifyAndParse(readBody(rawBody, signatureHeader), signatureHeader);
    }

    /**
     * {@link #verifyAndParse(InputStream, String)} with the header found in the request headers.
     *
     * @return the event
     * @throws WebhookVerificationException when the delivery is refused
     * @throws MalformedResponseException when a verified body is not a Dokai event (a completed or
     *     failed event whose session has no outcome yet, pending or processing, or an id the Dokai
     *     client would refuse to read back, included)
     * @throws UncheckedIOException when reading the stream fails
     */
    public DokaiWebhookEvent verifyAndParse(InputStream rawBody, Map<String, List<String>> headers) {
        return verifyAndParse(rawBody, signatureHeader(headers));
    }

    /**
     * Verifies a delivery, parses its event and hands it to {@code handler} exactly once per event
     * (a session's {@code verification.completed}, say), however many copies the service sends:
     * the event is claimed in the {@linkplain Builder#replayGuard replay guard} (an in-memory one
     * when none was set), handled (the claim {@linkplain ReplayGuard#extend extended} every third
     * of the guard's claim timeout meanwhile, on the verifier's scheduler), then committed when the
     * handler returns or released when it throws, so that the service's retry is handled instead of
     * being taken for a replay. Never
     * throws for a refused delivery or a failing handler: the outcome says what happened and how
     * to answer. Once the handler returned, the delivery is {@code HANDLED} whatever the guard or
     * the scheduler then does (a failure to commit, an {@link Error} included, is logged). An
     * {@code Error} of the handler's, or of the guard's as it releases the claim of a handler that
     * failed, is thrown once its {@code HANDLER_FAILED} is told.
     *
     * @param rawBody the body exactly as received
     * @param signatureHeader the {@value WebhookSigner#HEADER} value, or {@code null} when absent
     * @param handler called with the event when this copy is the one to handle it
     * @return what happened, with the HTTP status to answer
     */
    public WebhookOutcome handle(byte[] rawBody, String signatureHeader, WebhookHandler handler) {
        Require.present("handler", handler);
        DokaiEvents.Parsed parsed;
        try {
            authenticate(rawBody, signatureHeader);
            parsed = parse(rawBody);
        } catch (WebhookVerificationException | MalformedResponseException e) {
            return WebhookOutcome.refused(e);
        }
        return handleOnce(parsed.handlingKey(rawBody), parsed.event(), handler);
    }

    /**
     * {@link #handle(byte[], String, WebhookHandler)} with the header found in the request headers
     * (a header sent twice is refused).
     */
    public WebhookOutcome handle(byte[] rawBody, Map<String, List<String>> headers, WebhookHandler handler) {
        return handleWithHeader(headers, header -> handle(rawBody, header, handler));
    }

    /**
     * {@link #handle(byte[], String, WebhookHandler)} reading the body from a stream, at most the
     * maximum body size (a larger body is refused without reading further). The stream is not closed.
     *
     * @throws UncheckedIOException when reading the stream fails
     */
    public WebhookOutcome handle(InputStream rawBody, String signatureHeader, WebhookHandler handler) {
        byte[] body;
        try {
            body = readBody(rawBody, signatureHeader);
        } catch (WebhookVerificationException e) {
            return WebhookOutcome.refused(e);
        }
        return handle(body, signatureHeader, handler);
    }

    /**
     * {@link #handle(InputStream, String, WebhookHandler)} with the header found in the request headers.
     *
     * @throws UncheckedIOException when reading the stream fails
     */
    public WebhookOutcome handle(InputStream rawBody, Map<String, List<String>> headers, WebhookHandler handler) {
        return handleWithHeader(headers, header -> handle(rawBody, header, handler));
    }

    /** Hands the signature header found in {@code headers} to {@code handling}; a refused one is the outcome. */
    private WebhookOutcome handleWithHeader(Map<String, List<String>> headers, Function<String, WebhookOutcome> handling) {
        String header;
        try {
            header = signatureHeader(headers);
        } catch (WebhookVerificationException e) {
            return WebhookOutcome.refused(e);
        }
        return handling.apply(header);
    }

    /**
     * Refuses a delivery by its declared length alone, before any of its body is read: for a server
     * that would rather not ask for a body it will refuse (a sender waiting for {@code 100 Continue}
     * is then never asked for it), or read it at all. A length over {@link #maxBodyBytes()} is
     * {@code REFUSED}, answered 413 (400 when the signature header is missing, sent twice or
     * malformed, as for any body); the listener is told as for any refusal.
     *
     * @param declaredLength the body's declared length ({@code Content-Length}), or -1 when unknown
     * @param headers the request headers
     * @return the refusal, or empty when the length is within the limit or unknown (read the body)
     */
    public Optional<WebhookOutcome> refuseByLength(long declaredLength, Map<String, List<String>> headers) {
        if (declaredLength <= maxBodyBytes) {
            return Optional.empty();
        }
        String header;
        try {
            header = signatureHeader(headers);
        } catch (WebhookVerificationException e) {
            return Optional.of(WebhookOutcome.refused(e));
        }
        WebhookVerificationException refused;
        try {
            refused = tooLarge(SignatureHeader.parse(header));
        } catch (WebhookVerificationException malformed) {
            refused = malformed;
        }
        return Optional.of(WebhookOutcome.refused(refusal(refused)));
    }

    /**
     * The refusal of a body over the limit: {@code BODY_TOO_LARGE}, once its header is known to be
     * well-formed (a malformed one is refused as such, whatever the body).
     *
     * @throws WebhookVerificationException {@code MALFORMED_HEADER} when a signature is not hex
     */
    private WebhookVerificationException tooLarge(SignatureHeader header) {
        header.requireHex();
        return BoundedBody.tooLarge(maxBodyBytes);
    }

    private WebhookOutcome handleOnce(String key, DokaiWebhookEvent event, WebhookHandler handler) {
        ReplayGuard.Claim claim;
        try {
            claim = eventGuard.claim(key, scheduler.now());
        } catch (RuntimeException e) {
            return told(WebhookOutcome.guardUnavailable(event, e), null);
        }
        if (claim == null) { // a guard of the caller's that answered nothing: as one that could not be reached
            return told(WebhookOutcome.guardUnavailable(event, new NullPointerException("the replay guard's claim answered null")),
                    null);
        }
        switch (claim.kind()) {
            case DONE:
                return told(WebhookOutcome.of(WebhookOutcome.Kind.ALREADY_HANDLED, event), null);
            case IN_PROGRESS:
                return told(WebhookOutcome.inProgress(event, claim.retryAfter()), null);
            default:
                break;
        }
        Long started = startedNow(); // null when the scheduler's clock fails: handled all the same, untimed
        try {
            handleKept(claim, event, handler);
        } catch (Exception e) {
            return handlerFailed(claim, event, e, started);
        } catch (Throwable t) {
            handlerFailed(claim, event, t, started);
            throw t; // an Error is not the handler's answer to give as an outcome: it goes on, told
        }
        Duration ran = ranSince(started);
        commit(claim);
        return told(WebhookOutcome.of(WebhookOutcome.Kind.HANDLED, event), ran);
    }

    /**
     * Releases the claim of a delivery whose handler threw {@code failure} and tells
     * {@code HANDLER_FAILED}, whatever the guard does. An {@link Error} of the guard's at the
     * release is thrown after the outcome is told, unless the handler's own {@code Error} is to be
     * (the guard's is logged): a 500 is the answer to a failed handler anyway.
     *
     * @return the outcome told
     */
    private WebhookOutcome handlerFailed(ReplayGuard.Claim claim, DokaiWebhookEvent event, Throwable failure, Long started) {
        Duration ran = ranSince(started);
        Error guardFailed = release(claim);
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        WebhookOutcome outcome = told(WebhookOutcome.handlerFailed(event, failure), ran);
        if (guardFailed != null && !(failure instanceof Error)) {
            throw guardFailed;
        }
        return outcome;
    }

    /**
     * The scheduler's monotonic clock as the handler starts, or null when it fails (a scheduler of
     * the application's; logged): the delivery is handled all the same, its outcome told without the
     * handler's duration.
     */
    private Long startedNow() {
        try {
            return scheduler.nanoTime();
        } catch (Throwable t) {
            WebhookLog.failed("the webhook verifier's scheduler could not tell the time; the handler's duration is not"
                    + " told", t);
            return null;
        }
    }

    /**
     * How long the handler ran since {@code started}, or null when that is not known (the scheduler's
     * clock failed, then or now; logged): the outcome is then told without it, the claim settled all
     * the same.
     */
    private Duration ranSince(Long started) {
        if (started == null) {
            return null;
        }
        Long now = startedNow();
        return now == null ? null : Duration.ofNanos(now - started);
    }

    /**
     * Tells the listener what became of a verified delivery.
     *
     * @param handlerRan how long the handler ran, or null when it was not called
     * @return {@code outcome}
     */
    private WebhookOutcome told(WebhookOutcome outcome, Duration handlerRan) {
        if (listener != VerifyKitListener.NONE) {
            listener.onWebhookOutcome(WebhookDelivery.builder().outcome(outcome.kind().name())
                    .status(outcome.httpStatus()).eventType(DokaiEvents.shown(outcome.event().orElseThrow().type()))
                    .handlerDuration(Optional.ofNullable(handlerRan)).failure(outcome.failure()).build());
        }
        return outcome;
    }

    /**
     * Runs the handler with its claim extended until it returns or throws. Throws only what the
     * handler threw: the keeper never throws, so nothing after the handler returned is taken for
     * its failure.
     */
    private void handleKept(ReplayGuard.Claim claim, DokaiWebhookEvent event, WebhookHandler handler) throws Exception {
        ClaimKeeper keeper = ClaimKeeper.keep(eventGuard, claim, scheduler);
        try {
            handler.handle(event);
        } finally {
            keeper.close();
        }
    }

    /**
     * Records a claimed delivery as done. A guard (or the scheduler's clock) failing here, an
     * {@link Error} included, is logged, not thrown: the delivery was handled, and refusing it now
     * (a 500) would have Dokai send it again, to be handled a second time once its claim expires.
     * An interrupt the handler left is put aside meanwhile, as for a release.
     */
    private void commit(ReplayGuard.Claim claim) {
        boolean interrupted = Thread.interrupted();
        try {
            eventGuard.commit(claim, wallClock());
        } catch (Throwable t) {
            WebhookLog.failed("a webhook delivery (" + DokaiEvents.shown(claim.deliveryKey()) + ") was taken, but the"
                    + " replay guard could not record it: a copy arriving after its claim expires is taken again", t);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The scheduler's wall clock, or the system's when it fails (logged): a handled delivery is
     * committed whatever the scheduler does, so that its copies are not handled again.
     */
    private Instant wallClock() {
        try {
            return scheduler.now();
        } catch (Throwable t) {
            WebhookLog.failed("the webhook verifier's scheduler could not tell the time; the system clock is used", t);
            return Instant.now();
        }
    }

    /**
     * Drops a claim after the handler failed; when the guard cannot, the claim
     * expires by itself. Never throws: the guard's failure is logged, and an {@link Error} of its
     * returned, for the caller to throw once it has told the outcome. An interrupt the handler left
     * is put aside meanwhile, since a guard that waits for its store's answer (Redis) would
     * otherwise fail at once, and is restored after.
     *
     * @return the guard's {@code Error}, or null
     */
    private Error release(ReplayGuard.Claim claim) {
        boolean interrupted = Thread.interrupted();
        try {
            eventGuard.release(claim);
            return null;
        } catch (Throwable t) {
            WebhookLog.failed("the replay guard could not release the claim on a webhook event ("
                    + DokaiEvents.shown(claim.deliveryKey()) + "); copies get 409 until it expires, or the guard gets to"
                    + " release it later", t);
            return t instanceof Error error ? error : null;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads a streamed body, at most the maximum body size, once its header is known to be
     * well-formed (a malformed header is refused before reading).
     */
    private byte[] readBody(InputStream rawBody, String signatureHeader) {
        Require.present("rawBody", rawBody);
        try {
            SignatureHeader.parse(signatureHeader).requireHex();
            return BoundedBody.read(rawBody, maxBodyBytes);
        } catch (WebhookVerificationException e) {
            throw refusal(e);
        }
    }

    /** A verified body's event, or the refusal of a body that is not one. */
    private DokaiEvents.Parsed parse(byte[] body) {
        try {
            return DokaiEvents.parse(body, shown);
        } catch (MalformedResponseException e) {
            throw refusal(e);
        }
    }

    /**
     * Tells the listener of a refusal, which every refusal passes once, at the place it is found.
     *
     * @return {@code refused}, to throw
     */
    private <E extends VerifyKitException> E refusal(E refused) {
        if (listener != VerifyKitListener.NONE) {
            String reason = refused instanceof WebhookVerificationException known ? known.reason().name() : "MALFORMED_EVENT";
            told(WebhookRefusal.builder().reason(reason).status(WebhookOutcome.refused(refused).httpStatus()).build());
        }
        return refused;
    }

    /** Tells the listener of a refusal. */
    private void told(WebhookRefusal refusal) {
        if (listener != VerifyKitListener.NONE) {
            listener.onWebhookRefused(refusal);
        }
    }

    private void authenticate(byte[] body, String signatureHeader) {
        Require.present("rawBody", body);
        try {
            authenticateChecked(body, signatureHeader);
        } catch (WebhookVerificationException e) {
            throw refusal(e);
        }
    }

    private void authenticateChecked(byte[] body, String signatureHeader) {
        SignatureHeader header = SignatureHeader.parse(signatureHeader);
        if (body.length > maxBodyBytes) {
            throw tooLarge(header);
        }
        if (!matches(body, header)) {
            int count = header.signatureCount();
            throw new WebhookVerificationException(Reason.NO_MATCHING_SIGNATURE, "no signature in the "
                    + WebhookSigner.HEADER + " header (" + header.scheme() + ", " + count
                    + (count == 1 ? " signature" : " signatures") + ") matches the body under the " + keys.size()
                    + (keys.size() == 1 ? " configured secret" : " configured secrets") + BodyHints.reencoding(body));
        }
        if (header.timestamped() && checkTimestamp) {
            checkTolerance(header.timestamp());
        }
    }

    /** Whether a candidate signature spells the body's MAC under a secret; a candidate that is not hex is refused. */
    private boolean matches(byte[] body, SignatureHeader header) {
        if (header.signatureCount() > 1) {
            header.requireHex(); // every candidate must be well-formed, whichever matches first
        }
        for (HmacKey key : keys) {
            byte[] expected = key.sign(header.signedPrefix(), body);
            for (int i = 0; i < header.signatureCount(); i++) {
                if (header.matches(i, expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code |now - t| > tolerance}. The usual delivery is decided without allocating (this
     * runs on every one) from a millisecond clock reading: the clock's full reading lies somewhere in
     * that millisecond, and when all of it is within the tolerance, so is the delivery. Otherwise
     * (near an edge, or outside) the full reading decides: the millisecond one alone moved the edge
     * by up to a millisecond (a delivery 5 minutes and 0.5 ms old was taken; with a tolerance having
     * a fraction of a millisecond, one within it was refused).
     */
    private void checkTolerance(long seconds) {
        long nowMillis = scheduler.currentTimeMillis();
        long nowSeconds = Math.floorDiv(nowMillis, 1000);
        int nowNanos = (int) Math.floorMod(nowMillis, 1000) * 1_000_000;
        if (!outside(seconds, nowSeconds, nowNanos) && !outside(seconds, nowSeconds, nowNanos + 999_999)) {
            return;
        }
        Instant now = scheduler.now();
        if (outside(seconds, now.getEpochSecond(), now.getNano())) {
            throw new WebhookVerificationException(Reason.TIMESTAMP_OUTSIDE_TOLERANCE, "the signed timestamp t="
                    + seconds + " is more than " + tolerance + " away from now (" + now + ")");
        }
    }

    /** Whether {@code t} ({@code seconds}) is more than the tolerance away from the reading {@code nowSeconds.nowNanos}. */
    private boolean outside(long seconds, long nowSeconds, int nowNanos) {
        if (nowSeconds >= seconds) {
            return longerThanTolerance(nowSeconds - seconds, nowNanos);
        } else if (nowNanos == 0) {
            return longerThanTolerance(seconds - nowSeconds, 0);
        }
        return longerThanTolerance(seconds - nowSeconds - 1, 1_000_000_000 - nowNanos);
    }

    private boolean longerThanTolerance(long seconds, int nanos) {
        long toleranceSeconds = tolerance.getSeconds();
        return seconds > toleranceSeconds || (seconds == toleranceSeconds && nanos > tolerance.getNano());
    }

    /**
     * A verifier given a replay guard and used through {@link #verify} or {@link #verifyAndParse},
     * which never use it (they once did): said once, at WARNING, so that whoever relied on it
     * for replays learns that {@link #handle} is the way.
     */
    private void warnGuardUnused() {
        if (configuredGuard != null && !guardUnusedTold.get() && !guardUnusedTold.getAndSet(true)) {
            LOG.log(System.Logger.Level.WARNING, "a replay guard is set, but verify and verifyAndParse only check a"
                    + " delivery and never use it: handle(...) handles each event once");
        }
    }

    private String signatureHeader(Map<String, List<String>> headers) {
        Require.present("headers", headers);
        String found = null;
        int count = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (SignatureHeader.isName(header.getKey()) && header.getValue() != null) {
                for (String value : header.getValue()) {
                    if (value != null) {
                        found = value;
                        count++;
                    }
                }
            }
        }
        if (count > 1) {
            throw refusal(new WebhookVerificationException(Reason.MALFORMED_HEADER,
                    "the " + WebhookSigner.HEADER + " header was sent " + count + " times"));
        }
        return found;
    }

    /**
     * The largest body accepted, in bytes ({@link Builder#maxBodyBytes}): a reader of the raw body
     * need keep no more than one byte past it before handing it over to be refused.
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Shows the settings, never the secrets. */
    @Override
    public String toString() {
        return "WebhookVerifier[secrets=" + keys.size() + ", tolerance=" + tolerance
                + (checkTimestamp ? "" : " (timestamp check skipped)") + ", maxBodyBytes=" + maxBodyBytes
                + ", replayGuard=" + (configuredGuard == null ? "none" : configuredGuard) + "]";
    }

    /**
     * Settings of a {@link WebhookVerifier}. Each setter checks its value and throws a
     * {@link ValidationException} naming the setting.
     *
     * <pre>{@code
     * WebhookVerifier verifier = WebhookVerifier.builder()
     *         .secret(newSecret)
     *         .secret(oldSecret)                  // during rotation either verifies
     *         .tolerance(Duration.ofMinutes(3))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final Set<String> secrets = new LinkedHashSet<>();
        private Duration tolerance = DEFAULT_TOLERANCE;
        private Scheduler scheduler = Scheduler.system();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private boolean skipTimestampCheck;
        private ReplayGuard replayGuard;
        private final List<VerifyKitListener> listeners = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a listener told of every refused delivery ({@link VerifyKitListener#onWebhookRefused},
         * with the reason only; also of those a {@code WebhookServlet} of this verifier answers without
         * handing them to it, see {@link WebhookRefusal#reason()}) and of what became of every verified one given to {@code handle}
         * ({@link VerifyKitListener#onWebhookOutcome}); each call adds one more, and one added again
         * is still told once.
         */
        public Builder listener(VerifyKitListener value) {
            listeners.add(Require.present("listener", value));
            return this;
        }

        /**
         * Adds a webhook secret, used as its UTF-8 bytes (e.g. the whole {@code whsec_…} string),
         * without surrounding whitespace (as API keys are). Add several while rotating: a signature
         * under any of them verifies.
         *
         * @throws ValidationException naming {@code secret} when it is blank or has a control or
         *     non-ASCII character (the message says which kind and where, never the secret)
         */
        public Builder secret(String secret) {
            secrets.add(Require.credential("secret", secret));
            return this;
        }

        /**
         * Adds several webhook secrets, as {@link #secret(String)} does; a refused one is named by
         * its place, {@code secrets[i]}. Nothing is added when one is refused.
         */
        public Builder secrets(Collection<String> values) {
            Require.present("secrets", values);
            List<String> added = new ArrayList<>(values.size());
            int i = 0;
            for (String value : values) {
                added.add(Require.credential("secrets[" + i++ + "]", value));
            }
            secrets.addAll(added);
            return this;
        }

        /**
         * The largest allowed difference between the {@code t=} timestamp of a timestamped header
         * (whole unix seconds) and the clock, in either direction: a {@link Duration}, 5 minutes by
         * default, zero or more, at most 1 hour: a delivery signed longer ago than the tolerance is
         * taken as a replay, and a longer window outlives what a replay guard may remember (the
         * command line's {@code --tolerance} and the starter's {@code verifykit.dokai.webhook.tolerance}
         * keep the same bound). Plain signatures carry no timestamp and are not affected.
         */
        public Builder tolerance(Duration value) {
            Duration given = Require.present("tolerance", value);
            if (given.compareTo(MAX_TOLERANCE) > 0) {
                throw new ValidationException("tolerance", "must be at most 1 hour (was " + Require.seconds(given) + " s)");
            }
            tolerance = Require.notNegative("tolerance", given);
            return this;
        }

        /**
         * The clock timestamps are checked against, and the timer and monotonic clock {@link #handle}
         * extends claims on (an in-memory replay guard's claims and handled deliveries are timed on
         * it too, unless the guard was given to a verifier or used before: it keeps the first clock
         * it was timed by, the system's when it was used before any verifier);
         * {@link Scheduler#system()} by default.
         */
        public Builder scheduler(Scheduler value) {
            scheduler = Require.present("scheduler", value);
            return this;
        }

        /** The largest body accepted, in bytes; 1 MiB by default. */
        public Builder maxBodyBytes(int value) {
            maxBodyBytes = Require.between("maxBodyBytes", value, 1, LARGEST_MAX_BODY_BYTES);
            return this;
        }

        /**
         * For tests only: accept timestamped signatures whatever their {@code t=}, so that recorded
         * deliveries can be replayed in tests. Never enable this in production.
         */
        public Builder skipTimestampCheck(boolean skip) {
            skipTimestampCheck = skip;
            return this;
        }

        /**
         * Where {@link #handle} claims and remembers the events it handled, see {@link ReplayGuard};
         * an in-memory guard when none is set (an in-memory one is timed on this verifier's
         * {@linkplain #scheduler monotonic clock}, or on that of the first verifier it was given to).
         * Several instances share one (e.g.
         * {@code verifykit-redis}). {@link #verify} and {@link #verifyAndParse} never use it.
         */
        public Builder replayGuard(ReplayGuard value) {
            replayGuard = Require.present("replayGuard", value);
            return this;
        }

        /**
         * The verifier.
         *
         * @throws ValidationException when no secret was added
         */
        public WebhookVerifier build() {
            if (secrets.isEmpty()) {
                throw new ValidationException("secrets", "at least one secret is required");
            }
            return new WebhookVerifier(this);
        }
    }
}
