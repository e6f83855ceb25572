package dev.verifykit.mock.internal;

import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okhttp3.Headers;
import okio.Buffer;

/** A response under construction: status, headers, and either bytes or a streamed body. */
public final class Reply {

    private final int status;
    private final Headers.Builder headers = new Headers.Builder();
    private byte[] body = new byte[0];
    private MockResponseBody stream;

    private Reply(int status) {
        this.status = status;
    }

    /** Whether a response with {@code status} has a body: 204, 205 and 304 have none. */
    public static boolean hasBody(int status) {
        return status != 204 && status != 205 && status != 304;
    }

    public static Reply status(int status) {
        return new Reply(status);
    }

    public static Reply json(int status, String json) {
        return new Reply(status).header("Content-Type", "application/json; charset=utf-8").body(json);
    }

    /**
     * The mock's own error shape, {@code {"error": code, "message": message}}: the control plane's, and
     * the answer for paths outside every service.
     */
    public static Reply error(int status, String code, String message) {
        return json(status, Json.write(Json.object("error", code, "message", message)));
    }

    public static Reply html(int status, String html) {
        return new Reply(status).header("Content-Type", "text/html; charset=utf-8").body(html);
    }

    public int status() {
        return status;
    }

    public Reply header(String name, Object value) {
        headers.set(name, String.valueOf(value));
        return this;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public Reply body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    public Reply body(byte[] bytes) {
        this.body = bytes.clone();
        this.stream = null;
        return this;
    }

    public byte[] bodyBytes() {
        return body.clone();
    }

    /** A body written as it happens, sent with chunked transfer encoding. */
    public Reply stream(MockResponseBody chunkedWriter) {
        this.stream = chunkedWriter;
        return this;
    }

    /** The streamed body, or null for a body of bytes. */
    MockResponseBody streamBody() {
        return stream;
    }

    MockResponse toMockResponse() {
        return builder().build();
    }

    MockResponse.Builder builder() {
        return builder(stream);
    }

    /** The response with {@code streamed} as its chunked body instead of this reply's own. */
    MockResponse.Builder builder(MockResponseBody streamed) {
        MockResponse.Builder out = new MockResponse.Builder().code(status).headers(headers.build());
        if (streamed != null) {
            out.body(streamed).removeHeader("Content-Length").setHeader("Transfer-Encoding", "chunked");
        } else if (status == 204 || status == 304) {
            // RFC 9110 §8.6: no Content-Length on a 204, nor a made-up one on a 304 (Node.js sends neither)
            out.removeHeader("Content-Length");
        } else {
            out.body(new Buffer().write(body));
        }
        return out;
    }
}
