package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Service;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Roblox code-verification RPC, mounted at {@code /roblox}: a tRPC v11 server (no batching)
 * with the mutations {@code auth.beginVerification}, {@code auth.checkVerification},
 * {@code auth.completeVerification} and {@code auth.refresh}.
 */
public final class RobloxService implements Service {

    private final RobloxState state;
    private final Map<String, Function<HttpCall, Object>> procedures = new LinkedHashMap<>();

    public RobloxService(RobloxState state) {
        this.state = state;
        procedures.put("auth.beginVerification", call -> state.begin());
        procedures.put("auth.checkVerification", call -> state.check(Input.sessionId(input(call))));
        procedures.put("auth.completeVerification", this::complete);
        procedures.put("auth.refresh", call -> state.refresh(Input.jwt(input(call))));
    }

    @Override
    public Reply handle(HttpCall call) {
        if (call.method().equals("HEAD")) {
            return Reply.status(204);
        }
        String path = call.path().startsWith("/") ? call.path().substring(1) : call.path();
        try {
            requireContentType(call);
            if ("1".equals(call.query("batch"))) {
                throw new TrpcError(TrpcCode.BAD_REQUEST, "Batching is not enabled on the server", "resolveResponse");
            }
        } catch (TrpcError e) {
            return failure(e, null);
        }
        try {
            Function<HttpCall, Object> procedure = procedures.get(path);
            if (procedure == null) {
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
            return success(procedure.apply(call));
        } catch (TrpcError e) {
            return failure(e, path);
        }
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
        Reply reply = failure(new TrpcError(code, message, "faultInjection"), procedure.isEmpty() ? null : procedure);
        return Reply.status(status).header("Content-Type", "application/json; charset=utf-8").body(reply.bodyBytes());
    }

    private Object complete(HttpCall call) {
        if (!state.isVerificationSecret(call.header("x-verification-secret"))) {
            throw new TrpcError(TrpcCode.UNAUTHORIZED, "Invalid verification secret", "gameVerificationProcedure");
        }
        Input.Completion input = Input.completion(input(call));
        state.completeByGameServer(input.code(), input.robloxUserId());
        return state.settings().legacyCompleteOutput() ? Boolean.TRUE : Map.of("ok", true);
    }

    private Object input(HttpCall call) {
        return Input.read(call.bodyText(), state.settings().superjson());
    }

    /** tRPC accepts a mutation only with a {@code Content-Type} starting with {@code application/json}. */
    private static void requireContentType(HttpCall call) {
        if (call.method().equals("GET")) {
            return;
        }
        String type = call.header("Content-Type");
        if (type == null) {
            throw new TrpcError(TrpcCode.UNSUPPORTED_MEDIA_TYPE, "Missing content-type header", "getContentTypeHandler");
        }
        if (!type.startsWith("application/json")) {
            // tRPC's message has no closing quote
            throw new TrpcError(TrpcCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content-type \"" + type,
                    "getContentTypeHandler");
        }
    }

    private Reply success(Object output) {
        Object data = state.settings().superjson() ? Map.of("json", output) : output;
        return Reply.json(200, Json.write(Map.of("result", Map.of("data", data))));
    }

    private Reply failure(TrpcError error, String path) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", error.code.name());
        data.put("httpStatus", error.code.httpStatus);
        if (!state.settings().productionMode()) {
            data.put("stack", stack(error, path));
        }
        if (path != null) {
            data.put("path", path);
        }
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("message", error.getMessage());
        shape.put("code", error.code.number);
        shape.put("data", data);
        Object body = state.settings().superjson() ? Map.of("json", shape) : shape;
        return Reply.json(error.code.httpStatus, Json.write(Map.of("error", body)));
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
