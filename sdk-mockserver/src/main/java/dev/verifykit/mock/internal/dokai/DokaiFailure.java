package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;

/** A refusal in Dokai's error shape, {@code {"error":{"code","message"}}}, thrown to end a request. */
final class DokaiFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    private String allow;

    private DokaiFailure(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static DokaiFailure of(int status, String code, String message) {
        return new DokaiFailure(status, code, message);
    }

    static DokaiFailure invalid(String message) {
        return of(400, "invalid_request", message);
    }

    static DokaiFailure methodNotAllowed(String method, String allowed) {
        DokaiFailure f = of(405, "method_not_allowed", "Method " + method + " is not allowed here; use " + allowed);
        f.allow = allowed;
        return f;
    }

    Reply reply() {
        Reply reply = Reply.json(status, Json.write(Json.object("error", Json.object("code", code, "message", getMessage()))));
        return allow == null ? reply : reply.header("Allow", allow);
    }
}
