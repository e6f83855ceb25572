package dev.verifykit.mock.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** A received request as the services see it: the path below the service prefix and the raw body. */
public final class HttpCall {

    private final RecordedRequest request;
    private final String path;
    private final Instant receivedAt;

    HttpCall(RecordedRequest request, String path, Instant receivedAt) {
        this.request = request;
        this.path = path;
        this.receivedAt = receivedAt;
    }

    public String method() {
        return request.getMethod();
    }

    /** The decoded path below the service prefix, e.g. {@code /v2/sessions}. */
    public String path() {
        return path;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public HttpUrl url() {
        return request.getUrl();
    }

    /** The first value of query parameter {@code name}, or null. */
    public String query(String name) {
        return request.getUrl().queryParameter(name);
    }

    /** Whether the query names {@code name} at least once. */
    public boolean hasQuery(String name) {
        return request.getUrl().queryParameterValues(name).size() > 0;
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    public byte[] body() {
        return request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
    }

    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    public long bodySize() {
        return request.getBodySize();
    }
}
