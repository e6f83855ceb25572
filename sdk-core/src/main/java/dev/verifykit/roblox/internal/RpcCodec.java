package dev.verifykit.roblox.internal;

import com.squareup.moshi.JsonAdapter;
import dev.verifykit.error.ApiException;
import dev.verifykit.http.internal.ApiResponse;
import dev.verifykit.http.internal.HttpTransport;
import dev.verifykit.json.internal.JsonCodec;
import dev.verifykit.json.internal.JsonTree;
import dev.verifykit.json.internal.JsonFormatException;
import dev.verifykit.roblox.RpcTransformer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * tRPC v11's wire format: a mutation's input is the raw JSON body, its output is
 * {@code {"result":{"data": …}}}; with the superjson transformer both are wrapped as
 * {@code {"json": …}}. An error envelope ({@code {"error": …}}) is the error whatever the HTTP
 * status that carried it, as tRPC's own client reads it: a 2xx one too.
 */
final class RpcCodec {
    static final JsonAdapter<Object> TREE = JsonTree.ADAPTER;
    /** The members of superjson's envelope: the value, and what its special types were. */
    private static final Set<String> SUPERJSON_MEMBERS = Set.of("json", "meta");

    private final RpcTransformer transformer;
    private final HttpTransport transport;

    RpcCodec(RpcTransformer transformer, HttpTransport transport) {
        this.transformer = transformer;
        this.transport = transport;
    }

    /** The body of a mutation with this input (field name to value), or {@code null} for none. */
    byte[] input(Map<String, Object> input) {
        if (input == null) {
            return null;
        }
        Object wire = transformer == RpcTransformer.SUPERJSON ? Map.of("json", input) : input;
        return JsonCodec.write(TREE, wire);
    }

    /** The output of {@code procedure}, read as {@code adapter} says. */
    <T> T output(ApiResponse response, String procedure, JsonAdapter<T> adapter) {
        return output(response, adapter, data(response, procedure));
    }

    /** The procedure's output already taken out of its envelope ({@link #data}), read as {@code adapter} says. */
    <T> T output(ApiResponse response, JsonAdapter<T> adapter, Object data) {
        try {
            return JsonCodec.readValue(adapter, data);
        } catch (JsonFormatException e) {
            throw transport.malformed(response, "the tRPC output: " + e.getMessage(), e);
        }
    }

    /**
     * The output of {@code procedure} as a JSON tree (maps, lists, strings, numbers, booleans).
     *
     * @throws ApiException the error the answer carries instead (tRPC's error
     *     envelope in a 2xx answer), as a refusal with that status would be
     */
    Object data(ApiResponse response, String procedure) {
        Object tree;
        try {
            tree = JsonCodec.read(TREE, response.body());
        } catch (JsonFormatException e) {
            throw transport.malformed(response, "not a tRPC envelope: " + e.getMessage(), e);
        }
        ApiException error = RpcErrorMapper.carriedBy(response, tree, procedure, transformer);
        if (error != null) {
            throw error;
        }
        if (!(tree instanceof Map<?, ?> envelope) || !(envelope.get("result") instanceof Map<?, ?> result)
                || !result.containsKey("data")) {
            throw transport.malformed(response, "not a tRPC result envelope ({\"result\":{\"data\":…}})", null);
        }
        Object data = result.get("data");
        if (transformer == RpcTransformer.SUPERJSON) {
            if (!(data instanceof Map<?, ?> wrapped) || !wrapped.containsKey("json")) {
                throw transport.malformed(response, "the superjson output has no \"json\" member (a server without"
                        + " a transformer answers so: build the client with transformer(RpcTransformer.NONE))", null);
            }
            data = wrapped.get("json");
        } else if (data instanceof Map<?, ?> output && output.containsKey("json")
                && SUPERJSON_MEMBERS.containsAll(output.keySet())) {
            // no procedure's output has a "json" member: this is superjson's envelope
            throw transport.malformed(response, "the output is wrapped in superjson's {\"json\": …} envelope (the"
                    + " server uses the superjson transformer: build the client with transformer(RpcTransformer.SUPERJSON))", null);
        }
        return data;
    }

    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }
}
