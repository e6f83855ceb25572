package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.DokaiControl;
import dev.verifykit.mock.DokaiSettings;
import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.internal.Ids;
import dev.verifykit.mock.internal.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import dev.verifykit.mock.internal.fault.FaultRules;

/**
 * All Dokai state behind one lock: sessions by id and by hosted-page token, plus the webhook
 * deliverer. Expiry is worked out from the injected clock whenever a session is looked at.
 */
public final class DokaiState implements DokaiControl {

    /** What an API key may do. */
    enum Access { KYC, NO_KYC, NONE }

    private final DokaiSettings settings;
    private final Clock clock;
    private final String dokaiBaseUrl;
    private final WebhookDeliverer deliverer;
    private final Map<String, KycSession> sessions = new HashMap<>();
    private final Map<String, String> idsByToken = new HashMap<>();
    private int created;
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    private Instant nextSweep;

    public DokaiState(DokaiSettings settings, Clock clock, String dokaiBaseUrl, FaultRules faults) {
        this.settings = settings;
        this.clock = clock;
        this.dokaiBaseUrl = dokaiBaseUrl;
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
        Instant now = Timestamps.now(clock);
        sweep(now);
        String id;
        do {
            id = "ver_" + Ids.base62(24);
        } while (sessions.containsKey(id));
        String token = Ids.base62(32);
        String url = dokaiBaseUrl + "/verify/" + token; // a base62 token needs no escaping
        KycSession session = store(new KycSession(token, apiKey, new MockKycSession(id, "pending", webhookUrl,
                now.plus(settings.sessionLifetime()), now, url, documentType, documentBrand, null, null)));
        idsByToken.put(token, id);
        created++;
        return session.state();
    }

    /** The session if {@code apiKey} owns it. */
    synchronized Optional<MockKycSession> read(String apiKey, String sessionId) {
        return current(sessionId).filter(session -> session.apiKey().equals(apiKey)).map(KycSession::state);
    }

    /** The session whose hosted page has {@code token}. */
    synchronized Optional<MockKycSession> byToken(String token) {
        return Optional.ofNullable(idsByToken.get(token)).flatMap(this::current).map(KycSession::state);
    }

    @Override
    public synchronized MockKycSession advance(String sessionId) {
        KycSession session = running(sessionId);
        return store(session.stepped(switch (session.state().status()) {
            case "pending" -> "document_uploaded";
            case "document_uploaded" -> "processing";
            default -> throw new IllegalStateException("Session " + sessionId + " is " + session.state().status()
                    + "; finish it with verified, unverified or failed");
        })).state();
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
        synchronized (this) {
            MockKycSession done = store(running(sessionId).ended(outcome, result, Timestamps.now(clock))).state();
            if (done.webhookUrl() != null) {
                // under the lock a reset takes first: its delivery belongs to the state it ended in
                deliverer.deliver(done, event);
            }
            return done;
        }
    }

    @Override
    public synchronized MockKycSession expire(String sessionId) {
        return store(running(sessionId).ended("expired", null, Timestamps.now(clock))).state();
    }

    @Override
    public synchronized Optional<MockKycSession> session(String sessionId) {
        return current(sessionId).map(KycSession::state);
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
            idsByToken.clear();
            created = 0;
            nextSweep = null; // due at once: a clock set back after the reset (MockServerExtension's) waited for the old time
            deliverer.reset(); // in the same step: no session's delivery falls between the two states
        }
    }

    public void close() {
        deliverer.close();
    }

    private KycSession running(String sessionId) {
        KycSession session = current(sessionId)
                .orElseThrow(() -> new NoSuchElementException("No Dokai session " + sessionId));
        if (!session.isRunning()) {
            throw new IllegalStateException("Session " + sessionId + " has ended: " + session.state().status());
        }
        return session;
    }

    /** The session as it stands now: a running one whose {@code expires_at} has come is expired as of then. */
    private Optional<KycSession> current(String sessionId) {
        KycSession session = sessions.get(sessionId);
        if (session != null && session.isRunning() && !clock.instant().isBefore(session.state().expiresAt())) {
            session = store(session.ended("expired", null, session.state().expiresAt()));
        }
        return Optional.ofNullable(session);
    }

    /**
     * At most once a minute of the clock, at a create: forgets the sessions a lifetime past their
     * expiry (24 h by default, so two days after they began), so that memory stays bounded however
     * many sessions are made.
     */
    private void sweep(Instant now) {
        if (nextSweep != null && now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        Instant forgetBefore = now.minus(settings.sessionLifetime());
        sessions.values().removeIf(session -> {
            boolean gone = session.state().expiresAt().isBefore(forgetBefore);
            if (gone) {
                idsByToken.remove(session.token(), session.state().id());
            }
            return gone;
        });
    }

    private KycSession store(KycSession session) {
        sessions.put(session.state().id(), session);
        return session;
    }
}
