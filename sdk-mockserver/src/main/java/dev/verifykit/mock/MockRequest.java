package dev.verifykit.mock;

import java.time.Instant;

/**
 * One request the mock answered, as recorded by {@link MockServer#requests()}.
 *
 * <pre>{@code
 * List<MockRequest> creates = server.requests().stream()
 *     .filter(r -> r.method().equals("POST") && r.path().equals("/dock/v2/sessions"))
 *     .toList();
 * assertThat(creates).extracting(MockRequest::idempotencyKey).doesNotHaveDuplicates();
 * }</pre>
 *
 * @param receivedAt when it arrived, by the mock's clock
 * @param receivedNanos when it arrived, by {@link System#nanoTime()}, for measuring gaps in real time
 * @param method the HTTP method
 * @param path the path including the service prefix, e.g. {@code /dock/v2/sessions}
 * @param query the raw query string without {@code ?}, or {@code null} when there was none
 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
 * @param status the status code the mock answered with
 */
public record MockRequest(Instant receivedAt, long receivedNanos, String method, String path, String query,
                          String idempotencyKey, int status) {
}
