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
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Dokai: start a webhook receiver, create a session with its URL, let the user go through the
 * hosted steps, receive and verify the signed webhook, and compare it with the polled result.
 */
final class DokaiFlow implements Flow {
    private static final Duration WEBHOOK_WAIT = Duration.ofSeconds(30);

    private final DokaiClient.Builder client;
    private final OkHttpClient http;
    private final String webhookSecret;
    private final Consumer<KycSession> user;

    /**
     * @param client a builder with the API key and base URL set
     * @param webhookSecret the secret deliveries are signed with, or {@code null} to poll only (a real
     *     Dokai cannot reach a receiver on this machine)
     * @param user what the user does on the hosted page (the mock: the steps through the control plane)
     */
    DokaiFlow(DokaiClient.Builder client, OkHttpClient http, String webhookSecret, Consumer<KycSession> user) {
        this.client = client;
        this.http = http;
        this.webhookSecret = webhookSecret;
        this.user = user;
    }

    @Override
    public String name() {
        return "dokai";
    }

    @Override
    public Outcome run(Transcript t, RequestCounter requests) throws Exception {
        WebhookReceiver receiver = webhookSecret == null ? null : WebhookReceiver.start("127.0.0.1", 0,
                WebhookVerifier.builder().secret(webhookSecret).replayGuard(ReplayGuard.inMemory()).build(),
                line -> t.say(name(), "webhook receiver: " + line));
        try (DokaiClient dokai = client.okHttpClient(requests.counting(http)).build()) {
            CreateKycSessionParams.Builder params = CreateKycSessionParams.builder().documentType("identity_card");
            if (receiver != null) {
                t.say(name(), "webhook receiver listening on " + receiver.url());
                params.webhookUrl(receiver.url());
            }
            KycSession session = dokai.verifySessions().create(params.build());
            t.say(name(), "created " + session.id() + "; send the user to " + session.url().orElse("?"));
            user.accept(session);
            KycSession polled = dokai.verifySessions().awaitResult(session.id());
            t.say(name(), "polled: " + polled.status().raw() + polled.faceMatch().map(f -> ", face match " + f.score()).orElse("")
                    + polled.liveness().map(l -> ", liveness " + l.score()).orElse(""));
            if (receiver == null) {
                return new Outcome(polled.status().raw().equals("verified"), "polled: " + polled.status().raw());
            }
            DokaiWebhookEvent event = receiver.next(WEBHOOK_WAIT);
            if (!(event instanceof DokaiWebhookEvent.Completed completed)) {
                return new Outcome(false, "no verified verification.completed webhook: " + event);
            }
            boolean same = completed.session().status().equals(polled.status())
                    && completed.session().faceMatch().equals(polled.faceMatch())
                    && completed.session().liveness().equals(polled.liveness());
            t.say(name(), "webhook " + completed.type() + " verified; " + (same ? "it matches" : "it DIFFERS from")
                    + " the polled result");
            return new Outcome(same && polled.status().raw().equals("verified"),
                    polled.status().raw() + ", by signed webhook and by polling, which agree");
        } finally {
            if (receiver != null) {
                receiver.close();
            }
        }
    }
}
