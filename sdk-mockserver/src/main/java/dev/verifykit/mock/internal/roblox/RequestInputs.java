package dev.verifykit.mock.internal.roblox;

/**
 * The inputs of one request, as tRPC 11 reads them: the body is parsed once, and only when a
 * procedure with an input asks; a body that cannot be read fails every procedure that asks.
 */
final class RequestInputs {

    private final String body;
    private final boolean batch;
    private final boolean superjson;
    private Object parsed;
    private TrpcError unreadable;
    private boolean read;

    RequestInputs(String body, boolean batch, boolean superjson) {
        this.body = body;
        this.batch = batch;
        this.superjson = superjson;
    }

    /** The input of the procedure at {@code index} of the request (0 when it is not a batch). */
    Object at(int index) {
        Object raw = batch ? Input.batchElement(parsed(), index) : parsed();
        return Input.deserialize(raw, superjson);
    }

    private Object parsed() {
        if (!read) {
            read = true;
            try {
                parsed = Input.parse(body);
            } catch (TrpcError e) {
                unreadable = e;
            }
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return parsed;
    }
}
