package dev.verifykit.mock.internal.roblox;

/**
 * The inputs of one request, as tRPC 11 reads them: the body is parsed once, and a body that cannot
 * be read fails only the procedures that ask for their input.
 *
 * @param parsed the body as JSON, or null when it is unreadable
 * @param unreadable why the body cannot be read, or null
 * @param batch whether the request is a batch, whose inputs are keyed by index
 * @param superjson whether each input is wrapped in {@code {"json": …}}
 */
record RequestInputs(Object parsed, TrpcError unreadable, boolean batch, boolean superjson) {

    static RequestInputs of(String body, boolean batch, boolean superjson) {
        try {
            // tRPC 11 parses only a body that has text: an empty one is no input at all
            return new RequestInputs(body.isEmpty() ? Input.UNDEFINED : Input.parse(body), null, batch, superjson);
        } catch (TrpcError e) {
            return new RequestInputs(null, e, batch, superjson);
        }
    }

    /** The input of the procedure at {@code index} of the request (0 when it is not a batch). */
    Object at(int index) {
        if (unreadable != null) {
            throw unreadable;
        }
        return Input.deserialize(batch ? Input.batchElement(parsed, index) : parsed, superjson);
    }
}
