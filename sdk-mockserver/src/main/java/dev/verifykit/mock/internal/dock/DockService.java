package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Ids;
import dev.verifykit.mock.internal.JavaScript;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.ResetGate;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Service;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Dock v2 verification-session API, mounted at {@code /dock}: HTTP in, {@link DockState} answers out as HTTP. */
public final class DockService implements Service {

    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{17,20}");
    /** A long-poll's {@code wait}: a number of seconds, whole or decimal, without sign or exponent. */
    private static final Pattern WAIT = Pattern.compile("[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+");
    private static final String STREAM = "/v2/sessions/{id}/stream";
    private static final int MAX_CLIENT_ID = 128;
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    /** An injected status's code: one of the documented v2 codes (any other 5xx is {@code INTERNAL_ERROR}, any other 4xx {@code BAD_REQUEST}). */
    private static final Map<Integer, String> INJECTED_CODES = Map.of(400, "BAD_REQUEST", 401, "INVALID_API_KEY",
            403, "FORBIDDEN", 404, "SESSION_NOT_FOUND", 410, "SESSION_EXPIRED", 409, "CONFLICT", 429, "RATE_LIMITED");

    private final DockState state;
    private final ResetGate gate;
    private final Routes<Exchange> routes = new Routes<>(this::addRoutes);
    private final Routes.Refusals<Exchange> refusals = new Routes.Refusals<>() {
        @Override
        public Reply tooLarge(Exchange x) {
            return failure(x, DockFailure.of(413, "INVALID_BODY", "Request body is larger than " + Router.MAX_BODY
                    + " bytes"));
        }

        @Override
        public Reply notFound(Exchange x) {
            return failure(x, DockFailure.of(404, "NOT_FOUND", "No Dock endpoint at " + x.call.method() + " "
                    + x.call.path()));
        }

        @Override
        public Reply methodNotAllowed(Exchange x, List<String> allowed) {
            return failure(x, DockFailure.of(405, "BAD_REQUEST", "Method " + x.call.method()
                    + " is not allowed here; use " + String.join(" or ", allowed)))
                    .header("Allow", String.join(", ", allowed));
        }
    };

    public DockService(DockState state, ResetGate gate) {
        this.state = state;
        this.gate = gate;
    }

    /** One request being answered: its id and, once authenticated, its account. */
    private static final class Exchange {
        final HttpCall call;
        final String requestId = Ids.requestId();
        Account account;

        Exchange(HttpCall call) {
            this.call = call;
        }
    }

    private void addRoutes(Routes<Exchange> routes) {
        routes.on("POST", "/v2/sessions", (x, segments) -> create(x))
                .on("GET", "/v2/verifications/discord", (x, segments) -> page(x))
                .on("POST", "/v2/verifications/discord", (x, segments) -> page(x))
                .on("GET", STREAM, (x, segments) -> stream(x, segments.get(0)))
                .on("GET", "/v2/sessions/{id}", (x, segments) -> read(x, segments.get(0)));
    }

    @Override
    public Reply handle(HttpCall call) throws InterruptedException {
        Exchange x = new Exchange(call);
        try {
            return routes.dispatch(call, x, refusals);
        } catch (DockFailure f) {
            return failure(x, f);
        } catch (Refused r) {
            return failure(x, DockFailure.of(r));
        }
    }

    @Override
    public void reset() {
        state.reset();
    }

    @Override
    public boolean opensStream(String method, String path) {
        return method.equals("GET") && STREAM.equals(routes.routeOf(path));
    }

    @Override
    public Reply injected(int status, String path, String message) {
        String code = INJECTED_CODES.getOrDefault(status, status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
        String requestId = Ids.requestId();
        return Reply.json(status, Envelope.error(status, code, message, requestId, null, state.clock().instant()))
                .header("X-Request-Id", requestId);
    }

    @Override
    public void close() {
        state.close();
    }

    private Reply create(Exchange x) {
        Account account = authenticate(x);
        String idempotencyKey = x.call.header("Idempotency-Key");
        if (idempotencyKey != null && !validIdempotencyKey(idempotencyKey)) {
            throw DockFailure.of(400, "INVALID_PARAMETER",
                    "Invalid Idempotency-Key: use 1 to 255 printable ASCII characters");
        }
        Map<?, ?> body = JavaScript.jsonParseObject(x.call.bodyText())
                .orElseThrow(() -> DockFailure.of(400, "INVALID_BODY", "Request body must be a JSON object"));
        String pid = requiredString(body, "pid");
        String clientId = requiredString(body, "clientId");
        if (clientId.codePointCount(0, clientId.length()) > MAX_CLIENT_ID) {
            throw DockFailure.invalid("clientId", "must be at most " + MAX_CLIENT_ID + " characters");
        }
        Object guild = body.get("guildId");
        if (guild != null && !(guild instanceof String)) {
            throw DockFailure.invalid("guildId", "must be a string");
        }
        String guildId = (String) guild;
        if (guildId != null && !SNOWFLAKE.matcher(guildId).matches()) {
            throw DockFailure.invalid("guildId", "must be a Discord snowflake of 17 to 20 digits");
        }
        if (!pid.equals(account.pid())) {
            throw DockFailure.of(403, "FORBIDDEN", "This API key does not own pid " + pid);
        }
        CreateResult result = state.create(account, pid, clientId, guildId, body, idempotencyKey, x.requestId);
        Creation first = result.creation();
        Reply reply = Reply.json(200, Envelope.success(200, SessionJson.of(first.session(), first.reused()),
                first.requestId(), first.bucket(), first.at())).header("X-Request-Id", first.requestId());
        if (result.replayed()) {
            reply.header("Idempotent-Replayed", "true");
        }
        return limited(reply, result.limits());
    }

    private Reply read(Exchange x, String sessionId) throws InterruptedException {
        Account account = authenticate(x);
        long hold = holdNanos(x);
        DockState.Read read = state.openRead(account, sessionId);
        MockDockSession session = gate.outside(() -> state.awaitSettled(read, hold));
        String json = Envelope.success(200, SessionJson.of(session, null), x.requestId, read.rateLimit(),
                state.clock().instant());
        return limited(Reply.json(200, json).header("X-Request-Id", x.requestId), state.limits(account));
    }

    /** How long a read may be held, in nanoseconds, from its {@code wait} (0 without one). */
    private long holdNanos(Exchange x) {
        if (!x.call.hasQuery("wait")) {
            return 0;
        }
        String text = x.call.query("wait");
        long max = state.settings().maxWait().getSeconds();
        BigDecimal wait = text == null || !WAIT.matcher(text).matches() ? null : new BigDecimal(text);
        if (wait == null || wait.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw DockFailure.invalid("wait", "must be a number of seconds from 0 to " + max);
        }
        return wait.movePointRight(9).longValue(); // beyond nanoseconds, cut
    }

    private Reply stream(Exchange x, String sessionId) {
        Account account = authenticate(x);
        DockState.Read read = state.openRead(account, sessionId);
        Reply reply = Reply.status(200)
                .header("Content-Type", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .header("X-Request-Id", x.requestId)
                .stream(new SessionStream(state, read));
        return limited(reply, state.limits(account));
    }

    private Reply page(Exchange x) {
        String pid = x.call.query("pid");
        String sid = x.call.query("sid");
        String self = x.call.url().encodedPath() + "?" + x.call.url().encodedQuery();
        Optional<MockDockSession> found = pid == null || sid == null ? Optional.empty() : state.sessionForPage(pid, sid);
        if (found.isEmpty()) {
            return html(x, 404, VerifyPage.notFound());
        }
        if (x.call.method().equals("GET")) {
            return html(x, 200, VerifyPage.render(found.get(), self, Ids.discordId(), Ids.robloxId(), null));
        }
        Map<String, String> form = x.call.form();
        String discordId = form.getOrDefault("discordId", "").trim();
        String robloxId = form.getOrDefault("robloxId", "").trim();
        try {
            state.complete(sid, discordId, robloxId);
            return Reply.status(303).header("Location", self).header("X-Request-Id", x.requestId);
        } catch (IllegalArgumentException e) {
            return html(x, 400, VerifyPage.render(found.get(), self, discordId, robloxId, e.getMessage()));
        } catch (IllegalStateException e) {
            MockDockSession now = state.session(sid).orElse(found.get());
            return html(x, 409, VerifyPage.render(now, self, discordId, robloxId, e.getMessage()));
        } catch (NoSuchElementException e) {
            return html(x, 404, VerifyPage.notFound());
        }
    }

    private Account authenticate(Exchange x) {
        String header = x.call.header("Authorization");
        if (header == null || header.isBlank()) {
            throw DockFailure.of(401, "INVALID_API_KEY", "Missing API key: send Authorization: Bearer <API key>");
        }
        String token = x.call.bearerToken();
        if (token == null) {
            throw DockFailure.of(401, "INVALID_API_KEY", "Authorization must use the Bearer scheme");
        }
        x.account = state.account(token)
                .orElseThrow(() -> DockFailure.of(401, "INVALID_API_KEY", "Invalid API key"));
        return x.account;
    }

    private Reply failure(Exchange x, DockFailure f) {
        String json = Envelope.error(f.status, f.code, f.getMessage(), x.requestId, f.rateLimit, state.clock().instant());
        Reply reply = Reply.json(f.status, json).header("X-Request-Id", x.requestId);
        if (f.retryAfterSeconds != null) {
            reply.header("Retry-After", f.retryAfterSeconds);
        }
        return x.account == null ? reply : limited(reply, state.limits(x.account));
    }

    private static Reply limited(Reply reply, Limits limits) {
        return reply.header("X-RateLimit-Limit", limits.limit())
                .header("X-RateLimit-Remaining", limits.remaining())
                .header("X-RateLimit-Reset", limits.resetEpochSeconds())
                .header("X-RateLimit-Limit-Day", limits.dailyLimit())
                .header("X-RateLimit-Remaining-Day", limits.dailyRemaining());
    }

    private static Reply html(Exchange x, int status, String html) {
        return Reply.html(status, html).header("X-Request-Id", x.requestId).header("Cache-Control", "no-store");
    }

    private static String requiredString(Map<?, ?> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            throw DockFailure.missing(field);
        }
        if (!(value instanceof String text)) {
            throw DockFailure.invalid(field, "must be a string");
        }
        if (text.isBlank()) {
            throw DockFailure.missing(field);
        }
        return text;
    }

    private static boolean validIdempotencyKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
