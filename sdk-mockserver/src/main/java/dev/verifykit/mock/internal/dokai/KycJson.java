package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.internal.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Dokai's JSON shapes, written from the contract: the session object, the create answer, the webhook body. */
public final class KycJson {

    private KycJson() {
    }

    /** The session object of {@code GET /v1/verify/session/{id}}. */
    public static Map<String, Object> session(MockKycSession s) {
        MockKycResult r = s.result();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("status", s.status());
        out.put("type", "hosted");
        out.put("face_match", r == null ? null : faceMatch(r.faceMatch()));
        out.put("liveness", r == null ? null : liveness(r.liveness()));
        out.put("identity", r == null ? null : identity(r.identity()));
        out.put("created_at", timestamp(s.createdAt()));
        out.put("expires_at", timestamp(s.expiresAt()));
        return out;
    }

    /** The session as the control plane shows it: the session object plus what was given at creation. */
    public static Map<String, Object> control(MockKycSession s) {
        Map<String, Object> out = session(s);
        out.put("url", s.url());
        out.put("webhook_url", s.webhookUrl());
        out.put("document_type", s.documentType());
        out.put("document_brand", s.documentBrand());
        out.put("terminal_at", timestamp(s.terminalAt()));
        return out;
    }

    /** The 201 answer of {@code POST /v1/verify/session}. */
    static Map<String, Object> created(MockKycSession s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("url", s.url());
        out.put("status", s.status());
        out.put("expires_at", timestamp(s.expiresAt()));
        return out;
    }

    /** A webhook body: {@code event} first, then the session object. */
    static Map<String, Object> webhook(String event, MockKycSession s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.putAll(session(s));
        return out;
    }

    /** The event a terminal status is delivered as, or null when it is not delivered ({@code expired}). */
    static String event(String status) {
        return switch (status) {
            case "verified", "unverified" -> "verification.completed";
            case "failed" -> "verification.failed";
            default -> null;
        };
    }

    /** One delivery attempt for {@code GET /_mock/dokai/deliveries}. */
    public static Map<String, Object> delivery(MockWebhookDelivery d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", d.sessionId());
        out.put("event", d.event());
        out.put("url", d.url());
        out.put("attempt", d.attempt());
        out.put("status", d.status());
        out.put("error", d.error());
        out.put("sentAt", Timestamps.format(d.sentAt()));
        out.put("body", d.body());
        out.put("signatureHeader", d.signatureHeader());
        out.put("faultRule", d.faultRule());
        return out;
    }

    /** ISO 8601 in UTC, whole seconds without a fraction ({@code 2026-03-12T10:30:00Z}), else milliseconds. */
    static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static Map<String, Object> faceMatch(MockKycResult.FaceMatch f) {
        if (f == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matched", f.matched());
        out.put("score", f.score());
        out.put("threshold", f.threshold());
        return out;
    }

    private static Map<String, Object> liveness(MockKycResult.Liveness l) {
        if (l == null) {
            return null;
        }
        MockKycResult.Checks c = l.checks();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("texture", c.texture());
        checks.put("frequency", c.frequency());
        checks.put("reflection", c.reflection());
        checks.put("sharpness", c.sharpness());
        checks.put("color", c.color());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("passed", l.passed());
        out.put("score", l.score());
        out.put("checks", checks);
        return out;
    }

    private static Map<String, Object> identity(MockKycResult.Identity i) {
        if (i == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", i.name());
        out.put("id_number", i.idNumber());
        return out;
    }
}
