package dev.verifykit.mock;

import java.time.Instant;

/**
 * One attempt of the mock's Dokai service to deliver a webhook, as recorded in
 * {@link DokaiControl#deliveries()}.
 *
 * <pre>{@code
 * List<MockWebhookDelivery> attempts = server.dokai().awaitDeliveries(1, Duration.ofSeconds(10));
 * assertThat(attempts.get(0).event()).isEqualTo("verification.completed");
 * assertThat(attempts.get(0).succeeded()).isTrue();
 * }</pre>
 *
 * @param sessionId the session the webhook is about
 * @param event {@code verification.completed} or {@code verification.failed}
 * @param url where it was sent (the session's {@code webhook_url})
 * @param attempt 1 for the first attempt, then 2, 3, …
 * @param status the receiver's HTTP status, or -1 when no answer came (connection failure, timeout)
 * @param error what went wrong when {@code status} is -1, else {@code null}
 * @param sentAt when the attempt started, by the server's clock
 * @param body the raw JSON body sent (the same bytes on every attempt)
 * @param signatureHeader the {@code X-Dokai-Signature} value sent with this attempt, or {@code null}
 *                        when a fault kept it from being sent
 * @param faultRule the id of the webhook fault rule that acted on this attempt, or {@code null}; a
 *                  {@code webhook-duplicate} attempt is recorded twice, a {@code webhook-fail} or
 *                  {@code webhook-drop} one with status -1 and an {@code error} starting {@code fault:}
 */
public record MockWebhookDelivery(String sessionId, String event, String url, int attempt, int status, String error,
                                  Instant sentAt, String body, String signatureHeader, String faultRule) {

    /** Whether the receiver answered with a 2xx status. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
