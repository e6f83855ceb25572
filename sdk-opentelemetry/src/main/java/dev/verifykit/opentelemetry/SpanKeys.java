package dev.verifykit.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/** The attribute and event names {@link VerifyKitTracing} writes (listed in its Javadoc). */
final class SpanKeys {
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("verifykit.service");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("verifykit.operation");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("verifykit.request_id");
    static final AttributeKey<Long> RETRIES = AttributeKey.longKey("verifykit.retries");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Boolean> UNFINISHED = AttributeKey.booleanKey("verifykit.unfinished");
    static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("verifykit.cancelled");
    static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

    static final AttributeKey<Long> WAIT_TIMEOUT_MS = AttributeKey.longKey("verifykit.wait.timeout_ms");
    static final AttributeKey<String> WAIT_OUTCOME = AttributeKey.stringKey("verifykit.wait.outcome");
    static final AttributeKey<Long> WAIT_ATTEMPTS = AttributeKey.longKey("verifykit.wait.attempts");
    static final AttributeKey<Long> WAIT_POLLS_USED = AttributeKey.longKey("verifykit.wait.polls_used");
    static final AttributeKey<Long> WAIT_POLL_CAP = AttributeKey.longKey("verifykit.wait.poll_cap");

    static final String RETRY_EVENT = "verifykit.retry";
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("verifykit.attempt");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("verifykit.reason");
    static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("verifykit.delay_ms");
    static final AttributeKey<Long> HINT_MS = AttributeKey.longKey("verifykit.retry_after_ms");

    static final String STREAM_OPEN_EVENT = "verifykit.stream.open";
    static final String STREAM_CLOSE_EVENT = "verifykit.stream.close";
    static final AttributeKey<Long> STREAM_EVENTS = AttributeKey.longKey("verifykit.stream.events");
    static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("verifykit.duration_ms");

    static final String BUCKET_WAIT_EVENT = "verifykit.create_bucket.wait";
    static final String WEBHOOK_REFUSED_EVENT = "verifykit.webhook.refused";
    static final String WEBHOOK_OUTCOME_EVENT = "verifykit.webhook.outcome";
    static final AttributeKey<String> WEBHOOK_OUTCOME = AttributeKey.stringKey("verifykit.webhook.outcome");
    static final AttributeKey<String> WEBHOOK_EVENT_TYPE = AttributeKey.stringKey("verifykit.webhook.event_type");

    private SpanKeys() {}
}
