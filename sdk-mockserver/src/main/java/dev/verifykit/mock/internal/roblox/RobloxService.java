package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Roblox code-verification RPC, mounted at {@code /roblox}: a tRPC v11 server (batching on) with
 * the mutations {@code auth.beginVerification}, {@code auth.checkVerification},
 * {@code auth.completeVerification} and {@code auth.refresh}.
 */
public final class RobloxService implements Service {

    /** What the Fetch API calls a text body when tRPC answers an early refusal without a content type. */
    private static final String PLAIN_TEXT = "text/plain;charset=UTF-8";
    /** What the real server's other answers carry, without a charset. */
    private static final String JSON = "application/json";

    /** The procedures, each answered by {@link #output}. */
    private static final Set<String> PROCEDURES = Set.of("auth.beginVerification", "auth.checkVerification",
            "auth.completeVerification", "auth.refresh");

    /** One procedure's answer: its HTTP status and its {@code {"result"}} or {@code {"error"}} object. */
    private record Outcome(int status, Object json) {
    }

    private final RobloxState state;

    public RobloxService(RobloxState state) {
        this.state = state;
    }

    /**
     * The answer of the procedure named {@code path} (one of {@link #PROCEDURES}), given the request and
     * a reader of its own input. A switch rather than a map of lambdas: a lambda each would be a class
     * linked at every JVM's first start of the mock, called or not.
     */
    private Object output(String path, HttpCall call, Supplier<Object> input) {
        return switch (path) {
            case "auth.beginVerification" -> begun(state.begin());
            case "auth.checkVerification" -> checked(state.check(Input.sessionId(input.get())));
            case "auth.completeVerification" -> complete(call, input);
            case "auth.refresh" -> token(state.refresh(Input.jwt(input.get())));
            default -> throw new IllegalArgumentException("not a procedure: " + path);
        };
    }

    @Override
    public Reply handle(HttpCall call) {
        if (call.method().equals("HEAD")) {
            return Reply.status(204);
        }
        try {
            requireContentType(call);
        } catch (TrpcError e) {
            return Reply.status(e.code.httpStatus).header("Content-Type", PLAIN_TEXT)
                    .body(Json.write(Map.of("error", transformed(shape(e, null)))));
        }
        String path = trimSlashes(call.path()); // as tRPC's standalone adapter: "/auth.x/" is auth.x
        boolean batch = "1".equals(call.query("batch"));
        List<String> paths = batch ? List.of(path.split(",", -1)) : List.of(path);
        RequestInputs inputs = RequestInputs.of(call.bodyText(), batch, state.settings().superjson());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            int index = i;
            outcomes.add(run(call, paths.get(i), () -> inputs.at(index)));
        }
        Reply reply = batch ? json(batchStatus(outcomes), outcomes.stream().map(Outcome::json).toList())
                : json(outcomes.get(0).status(), outcomes.get(0).json());
        return reply.status() == 405 ? reply.header("Allow", "POST") : reply; // tRPC names the method it takes
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }

    @Override
    public void reset() {
        state.reset();
    }

    @Override
    public Reply injected(int status, String path, String message) {
        TrpcCode code = TrpcCode.INTERNAL_SERVER_ERROR;
        for (TrpcCode c : TrpcCode.values()) {
            if (c.httpStatus == status) {
                code = c;
                break;
            }
        }
        String procedure = path.startsWith("/") ? path.substring(1) : path;
        Object shape = shape(new TrpcError(code, message, "faultInjection"), procedure.isEmpty() ? null : procedure);
        return json(status, Map.of("error", transformed(shape)));
    }

    private static Reply json(int status, Object json) {
        return Reply.status(status).header("Content-Type", JSON).body(Json.write(json));
    }

    private Outcome run(HttpCall call, String path, Supplier<Object> input) {
        try {
            if (!PROCEDURES.contains(path)) {
                throw new TrpcError(TrpcCode.NOT_FOUND, "No procedure found on path \"" + path + "\"",
                        "resolveResponse");
            }
            if (!call.method().equals("POST")) {
                throw new TrpcError(TrpcCode.METHOD_NOT_SUPPORTED, "Unsupported " + call.method()
                        + "-request to mutation procedure at path \"" + path + "\"", "resolveResponse");
            }
            if (call.bodySize() > Router.MAX_BODY) {
                throw new TrpcError(TrpcCode.PAYLOAD_TOO_LARGE, "Request body is larger than " + Router.MAX_BODY
                        + " bytes", "getRawProcedureInputOrThrow");
            }
            Object output = output(path, call, input);
            return new Outcome(200, Map.of("result", Map.of("data", transformed(output))));
        } catch (TrpcError e) {
            return failed(e, path);
        } catch (CompletionRefused | RateLimited | InvalidToken e) {
            return failed(refusal(e), path);
        }
    }

    private Outcome failed(TrpcError e, String path) {
        return new Outcome(e.code.httpStatus, Map.of("error", transformed(shape(e, path))));
    }

    /** The RPC's error for a refusal of the state, with the real server's codes and messages. */
    private static TrpcError refusal(RuntimeException refused) {
        if (refused instanceof RateLimited limited) {
            return new TrpcError(TrpcCode.TOO_MANY_REQUESTS, "Rate limit hit. Try again in " + limited.retryAfterSeconds
                    + "s.", "rateLimit");
        }
        if (refused instanceof InvalidToken) {
            return new TrpcError(TrpcCode.UNAUTHORIZED, refused.getMessage(), "refresh");
        }
        return switch (((CompletionRefused) refused).reason()) {
            case UNKNOWN_CODE, EXPIRED_CODE -> new TrpcError(TrpcCode.BAD_REQUEST, "Invalid or expired verification code",
                    "completeVerification");
            case UNKNOWN_USER -> new TrpcError(TrpcCode.UNAUTHORIZED, refused.getMessage(), "fetchRobloxUserProfile");
            case NO_HEADSHOT -> new TrpcError(TrpcCode.INTERNAL_SERVER_ERROR, refused.getMessage(),
                    "fetchRobloxUserProfile");
        };
    }

    private Map<String, Object> begun(MockRobloxSession session) {
        return Json.object("sessionId", session.sessionId(), "code", session.code(),
                "expiresAt", session.expiresAt().toEpochMilli(), "placeId", Long.toString(state.settings().placeId()));
    }

    private static Map<String, Object> checked(Verification verification) {
        if (verification instanceof Verification.Pending pending) {
            return Json.object("status", "pending", "expiresAt", pending.expiresAt().toEpochMilli(),
                    "code", pending.code());
        }
        if (verification instanceof Verification.Verified verified) {
            Map<String, Object> out = Json.object("status", "verified");
            out.putAll(token(verified.token()));
            return out;
        }
        return Json.object("status", "expired");
    }

    private static Map<String, Object> token(Token token) {
        return Json.object("jwt", token.jwt(), "user", RobloxJson.user(token.user()));
    }

    /** tRPC 11's rule: the status all answers share (200 for a success), else 207 Multi-Status. */
    private static int batchStatus(List<Outcome> outcomes) {
        Set<Integer> statuses = new HashSet<>();
        outcomes.forEach(o -> statuses.add(o.status()));
        return statuses.size() == 1 ? statuses.iterator().next() : 207;
    }

    private Object complete(HttpCall call, Supplier<Object> input) {
        // Node joins a header sent twice with ", ": two copies of the secret are not the secret
        if (!state.isVerificationSecret(call.headerJoined("x-verification-secret"))) {
            throw new TrpcError(TrpcCode.UNAUTHORIZED, "Invalid verification secret", "gameVerificationProcedure");
        }
        Input.Completion completion = Input.completion(input.get());
        state.completeByGameServer(completion.code(), completion.robloxUserId());
        return state.settings().legacyCompleteOutput() ? Boolean.TRUE : Map.of("ok", true);
    }

    /**
     * tRPC 11 reads a mutation's body as JSON only when its media type, in any letter case and
     * without parameters, is {@code application/json} ({@code application/jsonl} is not).
     */
    private static void requireContentType(HttpCall call) {
        if (call.method().equals("GET")) {
            return;
        }
        String type = call.header("Content-Type");
        if (type == null) {
            throw new TrpcError(TrpcCode.UNSUPPORTED_MEDIA_TYPE, "Missing content-type header", "getContentTypeHandler");
        }
        int parameters = type.indexOf(';');
        String mediaType = (parameters < 0 ? type : type.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            // tRPC's message has no closing quote
            throw new TrpcError(TrpcCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content-type \"" + type,
                    "getContentTypeHandler");
        }
    }

    private Object transformed(Object value) {
        return state.settings().superjson() ? Map.of("json", value) : value;
    }

    /** tRPC's default error shape; {@code data.stack} unless in production mode, {@code data.path} when known. */
    private Map<String, Object> shape(TrpcError error, String path) {
        Map<String, Object> data = Json.object("code", error.code.name(), "httpStatus", error.code.httpStatus);
        if (!state.settings().productionMode()) {
            data.put("stack", stack(error, path));
        }
        if (path != null) {
            data.put("path", path);
        }
        return Json.object("message", error.getMessage(), "code", error.code.number, "data", data);
    }

    /** A stack trace in Node's format; fake, but shaped like what a development server sends. */
    private static String stack(TrpcError error, String path) {
        String trpc = "file:///app/node_modules/@trpc/server/dist/unstable-core-do-not-import";
        StringBuilder out = new StringBuilder("TRPCError: ").append(error.getMessage());
        if (path != null && !error.where.equals("resolveResponse")) {
            out.append("\n    at ").append(error.where).append(" (file:///app/src/server/routers/")
                    .append(path.replace('.', '/')).append(".ts:")
                    .append(12 + Math.floorMod(error.where.hashCode(), 80)).append(":15)")
                    .append("\n    at async callRecursive (").append(trpc).append("/middleware.mjs:142:30)")
                    .append("\n    at async procedure (").append(trpc).append("/procedureBuilder.mjs:176:28)");
        } else {
            out.append("\n    at ").append(error.where).append(" (").append(trpc).append("/http/")
                    .append(error.where.equals("getContentTypeHandler") ? "contentType.mjs:118:11)"
                            : "resolveResponse.mjs:160:17)");
        }
        return out.append("\n    at async resolveResponse (").append(trpc)
                .append("/http/resolveResponse.mjs:238:30)").toString();
    }
}
