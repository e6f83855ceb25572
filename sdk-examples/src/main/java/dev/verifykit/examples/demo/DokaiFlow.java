package dev.verifykit.examples.demo;

import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.dokai.KycSession;
import dev.verifykit.examples.RequestCounter;
import dev.verifykit.examples.WebhookReceiver;
import dev.verifykit.webhook.DokaiWebhookEvent;
import dev.verifykit.webhook.ReplayGuard;
import dev.verifykit.webhook.WebhookVerifier;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Dokai: start a webhook receiver, create a session with its URL, let the user go through the
 * hosted steps, receive and verify the signed webhook, and compare it with the polled result.
 */
final class DokaiFlow extends ServiceFlow<DokaiClient.Builder, KycSession> {
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(30);

    private final String webhookSecret;

    /**
     * @param webhookSecret the secret deliveries are signed with, or {@code null} to poll only (a real
     *     Dokai cannot reach a receiver on this machine)
     */
    DokaiFlow(DokaiClient.Builder client, OkHttpClient http, String webhookSecret, Consumer<KycSession> user) {
        super("dokai", client, http, user);
        this.webhookSecret = webhookSecret;
    }

    @Override
    public Outcome run(Transcript t, RequestCounter requests) throws Exception {
        BlockingQueue<DokaiWebhookEvent> delivered = new LinkedBlockingQueue<>();
        WebhookReceiver receiver = webhookSecret == null ? null : WebhookReceiver.start("127.0.0.1", 0,
                WebhookVerifier.builder().secret(webhookSecret).replayGuard(ReplayGuard.inMemory()).build(),
                delivered::add, line -> say(t, "webhook receiver: " + line));
        try (DokaiClient dokai = counted(requests).build()) {
            CreateKycSessionParams.Builder params = CreateKycSessionParams.builder().documentType("identity_card");
            if (receiver != null) {
                say(t, "webhook receiver listening on " + receiver.url());
                params.webhookUrl(receiver.url());
            }
            KycSession session = dokai.verifySessions().create(params.build());
            say(t, "created " + session.id() + "; send the user to " + session.url().orElse("?"));
            show(session);
            KycSession polled = dokai.verifySessions().awaitResult(session.id());
            say(t, "polled: " + polled.status().raw() + polled.faceMatch().map(f -> ", face match " + f.score()).orElse("")
                    + polled.liveness().map(l -> ", liveness " + l.score()).orElse(""));
            return receiver == null ? new Outcome(polled.status().raw().equals("verified"), "polled: " + polled.status().raw())
                    : compareWithWebhook(t, delivered, polled);
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
    }

    private Outcome compareWithWebhook(Transcript t, BlockingQueue<DokaiWebhookEvent> delivered, KycSession polled)
            throws InterruptedException {
        DokaiWebhookEvent event = delivered.poll(WEBHOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!(event instanceof DokaiWebhookEvent.Completed completed)) {
            return new Outcome(false, "no verified verification.completed webhook: " + event);
        }
        boolean same = completed.session().status().equals(polled.status())
                && completed.session().faceMatch().equals(polled.faceMatch())
                && completed.session().liveness().equals(polled.liveness());
        say(t, "webhook " + completed.type() + " verified; " + (same ? "it matches" : "it DIFFERS from")
                + " the polled result");
        return new Outcome(same && polled.status().raw().equals("verified"),
                polled.status().raw() + (same ? ", by signed webhook and by polling, which agree"
                        : ", polled; the signed webhook differs"));
    }
}
