package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.DokaiControl;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.internal.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import dev.verifykit.mock.internal.fault.FaultRules;
import okhttp3.HttpUrl;

/**
 * All Dokai state behind one lock: sessions by id and by hosted-page token, plus the webhook
 * deliverer. Expiry is worked out from the injected clock whenever a session is looked at.
 */
public final class DokaiState implements DokaiControl {

    /** What an API key may do. */
    enum Access { KYC, NO_KYC, NONE }

    private final DokaiSettings settings;
    private final Clock clock;
    private final HttpUrl dokaiBaseUrl;
    private final WebhookDeliverer deliverer;
    private final Map<String, KycSession> sessions = new HashMap<>();
    private final Map<String, KycSession> byToken = new HashMap<>();
    private int created;

    public DokaiState(DokaiSettings settings, Clock clock, String dokaiBaseUrl, FaultRules faults) {
        this.settings = settings;
        this.clock = clock;
        this.dokaiBaseUrl = HttpUrl.get(dokaiBaseUrl);
        this.deliverer = new WebhookDeliverer(settings, clock, faults);
    }

    DokaiSettings settings() {
        return settings;
    }

    Access access(String apiKey) {
        if (apiKey == null) {
            return Access.NONE;
        }
        if (apiKey.equals(settings.apiKey()) || apiKey.equals(settings.otherApiKey())) {
            return Access.KYC;
        }
        return apiKey.equals(settings.noKycApiKey()) ? Access.NO_KYC : Access.NONE;
    }

    synchronized MockKycSession create(String apiKey, String webhookUrl, String documentType, String documentBrand) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id;
        do {
            id = "ver_" + Ids.base62(24);
        } while (sessions.containsKey(id));
        String token = Ids.base62(32);
        String url = dokaiBaseUrl.newBuilder().addPathSegment("verify").addPathSegment(token).build().toString();
        KycSession session = new KycSession(id, token, apiKey, url, webhookUrl, documentType, documentBrand, now,
                now.plus(settings.sessionLifetime()));
        sessions.put(id, session);
        byToken.put(token, session);
        created++;
        return session.snapshot();
    }

    /** The session if {@code apiKey} owns it. */
    synchronized Optional<MockKycSession> read(String apiKey, String sessionId) {
        KycSession session = sessions.get(sessionId);
        if (session == null || !session.apiKey.equals(apiKey)) {
            return Optional.empty();
        }
        return Optional.of(refresh(session).snapshot());
    }

    /** The session whose hosted page has {@code token}. */
    synchronized Optional<MockKycSession> byToken(String token) {
        KycSession session = byToken.get(token);
        return session == null ? Optional.empty() : Optional.of(refresh(session).snapshot());
    }

    @Override
    public synchronized MockKycSession advance(String sessionId) {
        KycSession session = running(sessionId);
        session.status = switch (session.status) {
            case "pending" -> "document_uploaded";
            case "document_uploaded" -> "processing";
            default -> throw new IllegalStateException("Session " + sessionId + " is " + session.status
                    + "; finish it with verified, unverified or failed");
        };
        return session.snapshot();
    }

    @Override
    public MockKycSession finish(String sessionId, String outcome) {
        return finish(sessionId, outcome, MockKycResult.defaults(outcome));
    }

    @Override
    public MockKycSession finish(String sessionId, String outcome, MockKycResult result) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(result, "result");
        String event = KycSession.event(outcome);
        if (event == null) {
            throw new IllegalArgumentException("outcome must be verified, unverified or failed: " + outcome);
        }
        MockKycSession done;
        synchronized (this) {
            KycSession session = running(sessionId);
            session.status = outcome;
            session.result = result;
            session.terminalAt = clock.instant();
            done = session.snapshot();
        }
        if (done.webhookUrl() != null) {
            deliverer.deliver(done, event);
        }
        return done;
    }

    @Override
    public synchronized MockKycSession expire(String sessionId) {
        KycSession session = running(sessionId);
        session.status = "expired";
        session.terminalAt = clock.instant();
        return session.snapshot();
    }

    @Override
    public synchronized Optional<MockKycSession> session(String sessionId) {
        KycSession session = sessions.get(sessionId);
        return session == null ? Optional.empty() : Optional.of(refresh(session).snapshot());
    }

    @Override
    public synchronized int sessionCount() {
        return created;
    }

    @Override
    public List<MockWebhookDelivery> deliveries() {
        return deliverer.snapshot();
    }

    @Override
    public List<MockWebhookDelivery> awaitDeliveries(int count, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return deliverer.await(count, timeout);
    }

    public void reset() {
        synchronized (this) {
            sessions.clear();
            byToken.clear();
            created = 0;
        }
        deliverer.reset();
    }

    public void close() {
        deliverer.close();
    }

    private KycSession running(String sessionId) {
        KycSession session = sessions.get(sessionId);
        if (session == null) {
            throw new NoSuchElementException("No Dokai session " + sessionId);
        }
        refresh(session);
        if (!session.isRunning()) {
            throw new IllegalStateException("Session " + sessionId + " has ended: " + session.status);
        }
        return session;
    }

    private KycSession refresh(KycSession session) {
        if (session.isRunning() && !clock.instant().isBefore(session.expiresAt)) {
            session.status = "expired";
            session.terminalAt = session.expiresAt;
        }
        return session;
    }
}
