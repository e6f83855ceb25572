package dev.verifykit.mock.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A received request as the services see it.
 *
 * @param request what mockwebserver3 recorded
 * @param path the decoded path below the service prefix, e.g. {@code /v2/sessions}
 * @param receivedAt when it arrived, by the mock's clock
 */
public record HttpCall(RecordedRequest request, String path, Instant receivedAt) {

    public String method() {
        return request.getMethod();
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
        return !request.getUrl().queryParameterValues(name).isEmpty();
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Every value of header {@code name} joined with {@code ", "}, as Node.js gives a repeated header; or null. */
    public String headerJoined(String name) {
        List<String> values = request.getHeaders().values(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** The token of an {@code Authorization} header in the Bearer scheme (any case), or null. */
    public String bearerToken() {
        String header = header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
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

    /** The body as a form ({@code application/x-www-form-urlencoded}): the first value of each name; malformed pairs are left out. */
    public Map<String, String> form() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : bodyText().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException ignored) {
                    // a malformed pair is left out; the missing field is reported instead
                }
            }
        }
        return out;
    }
}
