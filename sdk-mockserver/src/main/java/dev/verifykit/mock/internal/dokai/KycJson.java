package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Timestamps;
import java.util.Map;

/** Dokai's JSON shapes, written from the contract: the session object, the create answer, the webhook body. */
public final class KycJson {

    private KycJson() {
    }

    /** The session object of {@code GET /v1/verify/session/{id}}. */
    public static Map<String, Object> session(MockKycSession s) {
        MockKycResult r = s.result();
        return Json.object("id", s.id(), "status", s.status(), "type", "hosted",
                "face_match", r == null ? null : faceMatch(r.faceMatch()),
                "liveness", r == null ? null : liveness(r.liveness()),
                "identity", r == null ? null : identity(r.identity()),
                "created_at", Timestamps.compact(s.createdAt()), "expires_at", Timestamps.compact(s.expiresAt()));
    }

    /** The session as the control plane shows it: the session object plus what was given at creation. */
    public static Map<String, Object> control(MockKycSession s) {
        Map<String, Object> out = session(s);
        out.putAll(Json.object("url", s.url(), "webhook_url", s.webhookUrl(), "document_type", s.documentType(),
                "document_brand", s.documentBrand(), "terminal_at", Timestamps.compact(s.terminalAt())));
        return out;
    }

    /** The 201 answer of {@code POST /v1/verify/session}. */
    static Map<String, Object> created(MockKycSession s) {
        return Json.object("id", s.id(), "url", s.url(), "status", s.status(),
                "expires_at", Timestamps.compact(s.expiresAt()));
    }

    /** A webhook body: {@code event} first, then the session object. */
    static Map<String, Object> webhook(String event, MockKycSession s) {
        Map<String, Object> out = Json.object("event", event);
        out.putAll(session(s));
        return out;
    }

    /** One delivery attempt for {@code GET /_mock/dokai/deliveries}. */
    public static Map<String, Object> delivery(MockWebhookDelivery d) {
        return Json.object("sessionId", d.sessionId(), "event", d.event(), "url", d.url(), "attempt", d.attempt(),
                "status", d.status(), "error", d.error(), "sentAt", Timestamps.format(d.sentAt()), "body", d.body(),
                "signatureHeader", d.signatureHeader(), "faultRule", d.faultRule());
    }

    private static Map<String, Object> faceMatch(MockKycResult.FaceMatch f) {
        return f == null ? null : Json.object("matched", f.matched(), "score", f.score(), "threshold", f.threshold());
    }

    private static Map<String, Object> liveness(MockKycResult.Liveness l) {
        if (l == null) {
            return null;
        }
        MockKycResult.Checks c = l.checks();
        return Json.object("passed", l.passed(), "score", l.score(), "checks", Json.object("texture", c.texture(),
                "frequency", c.frequency(), "reflection", c.reflection(), "sharpness", c.sharpness(),
                "color", c.color()));
    }

    private static Map<String, Object> identity(MockKycResult.Identity i) {
        return i == null ? null : Json.object("name", i.name(), "id_number", i.idNumber());
    }
}
