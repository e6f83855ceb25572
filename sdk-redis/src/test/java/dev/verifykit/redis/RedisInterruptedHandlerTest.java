package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.webhook.WebhookHandler;
import dev.verifykit.webhook.WebhookOutcome;
import dev.verifykit.webhook.WebhookVerifier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler interrupted (it throws {@link InterruptedException}, or leaves its thread interrupted)
 * on a Redis guard, whose calls wait for Redis's answer: the claim is still released or committed.
 * The interrupt was restored first, so the wait for Redis ended at once and the call failed: a
 * failed delivery's claim stood for the claim timeout (every copy answered 409, past the service's
 * retries, and the event was lost), a handled one was not recorded (a copy after the claim
 * timeout was handled again).
 */
class RedisInterruptedHandlerTest {
    private RedisReplayGuard guard;
    private WebhookVerifier verifier;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() {
        guard = RedisReplayGuard.builder(SharedRedis.client()).namespace(SharedRedis.namespace()).commandTimeout(SharedRedis.PATIENT).build();
        verifier = WebhookVerifier.builder().secret(Webhooks.SECRET).replayGuard(guard).build();
    }

    @AfterEach
    void stop() {
        Thread.interrupted();
        guard.close();
    }

    @Test
    void aHandlerThrowingInterruptedExceptionReleasesItsClaim() {
        WebhookOutcome failed = deliver("ver_int1", event -> {
            calls.incrementAndGet();
            throw new InterruptedException("shutting down");
        });
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();

        WebhookOutcome retry = deliver("ver_int1", event -> calls.incrementAndGet());

        assertThat(failed.kind()).isEqualTo(WebhookOutcome.Kind.HANDLER_FAILED);
        assertThat(retry.kind()).as("the retry is handled, not answered 409").isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aHandlerFailingWithItsThreadInterruptedReleasesItsClaim() {
        WebhookOutcome failed = deliver("ver_int2", event -> {
            calls.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing");
        });
        assertThat(Thread.interrupted()).isTrue();

        WebhookOutcome retry = deliver("ver_int2", event -> calls.incrementAndGet());

        assertThat(failed.kind()).isEqualTo(WebhookOutcome.Kind.HANDLER_FAILED);
        assertThat(retry.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aHandlerReturningWithItsThreadInterruptedIsRecordedAsDone() {
        WebhookOutcome handled = deliver("ver_int3", event -> {
            calls.incrementAndGet();
            Thread.currentThread().interrupt();
        });
        assertThat(Thread.interrupted()).isTrue();

        WebhookOutcome copy = deliver("ver_int3", event -> calls.incrementAndGet());

        assertThat(handled.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(copy.kind()).as("done, not still claimed").isEqualTo(WebhookOutcome.Kind.ALREADY_HANDLED);
        assertThat(calls).hasValue(1);
    }

    private WebhookOutcome deliver(String sessionId, WebhookHandler handler) {
        byte[] body = Webhooks.completed(sessionId);
        return verifier.handle(body, Webhooks.signature(body), handler);
    }
}
