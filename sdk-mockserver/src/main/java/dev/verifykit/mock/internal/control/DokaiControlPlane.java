package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.DokaiControl;
import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.MockWebhookDelivery;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.dokai.KycJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dokai part of the control plane, below {@code /_mock/dokai}: {@code GET /sessions/{id}},
 * {@code POST /sessions/{id}/advance}, {@code POST /sessions/{id}/finish},
 * {@code POST /sessions/{id}/expire} and {@code GET /deliveries}.
 */
final class DokaiControlPlane {

    private static final Pattern SESSION = Pattern.compile("/sessions/([^/]+)");
    private static final Pattern ACTION = Pattern.compile("/sessions/([^/]+)/(advance|finish|expire)");

    private final DokaiControl dokai;

    DokaiControlPlane(DokaiControl dokai) {
        this.dokai = dokai;
    }

    /** Answers {@code call}, whose path below {@code /_mock/dokai} is {@code path}. */
    Reply handle(HttpCall call, String path) {
        Matcher m;
        if ((m = ACTION.matcher(path)).matches()) {
            String id = m.group(1);
            String action = m.group(2);
            return only(call, "POST").orElseGet(() -> act(call, id, action));
        }
        if ((m = SESSION.matcher(path)).matches()) {
            String id = m.group(1);
            return only(call, "GET").orElseGet(() -> dokai.session(id).map(DokaiControlPlane::session)
                    .orElseGet(() -> notFound(id)));
        }
        if (path.equals("/deliveries")) {
            return only(call, "GET").orElseGet(() -> deliveries(call.query("session")));
        }
        return ControlPlane.error(404, "NOT_FOUND", "No control-plane endpoint at " + call.method() + " /_mock/dokai"
                + path);
    }

    private Reply act(HttpCall call, String id, String action) {
        try {
            return switch (action) {
                case "advance" -> session(dokai.advance(id));
                case "expire" -> session(dokai.expire(id));
                default -> finish(call, id);
            };
        } catch (NoSuchElementException e) {
            return notFound(id);
        } catch (IllegalStateException e) {
            return ControlPlane.error(409, "CONFLICT", e.getMessage());
        } catch (IllegalArgumentException e) {
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
        }
    }

    private Reply finish(HttpCall call, String id) {
        Optional<Object> parsed = Json.parse(call.bodyText());
        if (parsed.isEmpty() || !(parsed.get() instanceof Map<?, ?> body)) {
            return ControlPlane.error(400, "INVALID_BODY", "Body must be a JSON object {outcome, face_match?, "
                    + "liveness?, identity?}");
        }
        if (!(body.get("outcome") instanceof String outcome)) {
            throw new IllegalArgumentException("outcome must be verified, unverified or failed");
        }
        MockKycResult result = MockKycResult.defaults(outcome);
        if (body.containsKey("face_match")) {
            result = result.withFaceMatch(faceMatch(body.get("face_match"), result.faceMatch()));
        }
        if (body.containsKey("liveness")) {
            result = result.withLiveness(liveness(body.get("liveness"), result.liveness()));
        }
        if (body.containsKey("identity")) {
            result = result.withIdentity(identity(body.get("identity"), result.identity()));
        }
        return session(dokai.finish(id, outcome, result));
    }

    private static MockKycResult.FaceMatch faceMatch(Object value, MockKycResult.FaceMatch base) {
        if (value == null) {
            return null;
        }
        Map<?, ?> m = object("face_match", value);
        return new MockKycResult.FaceMatch(
                bool(m, "face_match.matched", "matched", base == null ? null : base.matched()),
                number(m, "face_match.score", "score", base == null ? null : base.score()),
                number(m, "face_match.threshold", "threshold", base == null ? null : base.threshold()));
    }

    private static MockKycResult.Liveness liveness(Object value, MockKycResult.Liveness base) {
        if (value == null) {
            return null;
        }
        Map<?, ?> m = object("liveness", value);
        MockKycResult.Checks baseChecks = base == null ? null : base.checks();
        MockKycResult.Checks checks = baseChecks;
        if (m.containsKey("checks") || baseChecks == null) {
            Map<?, ?> c = object("liveness.checks", m.get("checks"));
            checks = new MockKycResult.Checks(
                    number(c, "liveness.checks.texture", "texture", baseChecks == null ? null : baseChecks.texture()),
                    number(c, "liveness.checks.frequency", "frequency",
                            baseChecks == null ? null : baseChecks.frequency()),
                    number(c, "liveness.checks.reflection", "reflection",
                            baseChecks == null ? null : baseChecks.reflection()),
                    number(c, "liveness.checks.sharpness", "sharpness",
                            baseChecks == null ? null : baseChecks.sharpness()),
                    number(c, "liveness.checks.color", "color", baseChecks == null ? null : baseChecks.color()));
        }
        return new MockKycResult.Liveness(
                bool(m, "liveness.passed", "passed", base == null ? null : base.passed()),
                number(m, "liveness.score", "score", base == null ? null : base.score()),
                checks);
    }

    private static MockKycResult.Identity identity(Object value, MockKycResult.Identity base) {
        if (value == null) {
            return null;
        }
        Map<?, ?> m = object("identity", value);
        return new MockKycResult.Identity(
                text(m, "identity.name", "name", base == null ? null : base.name()),
                text(m, "identity.id_number", "id_number", base == null ? null : base.idNumber()));
    }

    private static Map<?, ?> object(String name, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(name + " must be a JSON object");
        }
        return map;
    }

    private static boolean bool(Map<?, ?> m, String name, String key, Boolean fallback) {
        Object v = m.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        return required(v, name, fallback, "true or false");
    }

    private static double number(Map<?, ?> m, String name, String key, Double fallback) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return required(v, name, fallback, "a number from 0 to 1");
    }

    private static String text(Map<?, ?> m, String name, String key, String fallback) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return s;
        }
        return required(v, name, fallback, "a string");
    }

    private static <T> T required(Object given, String name, T fallback, String what) {
        if (given == null && fallback != null) {
            return fallback;
        }
        throw new IllegalArgumentException(name + (given == null ? " is required" : " must be " + what));
    }

    private Reply deliveries(String sessionId) {
        List<Object> out = new ArrayList<>();
        for (MockWebhookDelivery d : dokai.deliveries()) {
            if (sessionId == null || sessionId.equals(d.sessionId())) {
                out.add(KycJson.delivery(d));
            }
        }
        return Reply.json(200, Json.write(Map.of("deliveries", out)));
    }

    private static Optional<Reply> only(HttpCall call, String method) {
        if (call.method().equals(method)) {
            return Optional.empty();
        }
        return Optional.of(ControlPlane.error(405, "METHOD_NOT_ALLOWED", "Use " + method + " here")
                .header("Allow", method));
    }

    private static Reply session(MockKycSession session) {
        return Reply.json(200, Json.write(KycJson.control(session)));
    }

    private static Reply notFound(String id) {
        return ControlPlane.error(404, "SESSION_NOT_FOUND", "No Dokai session " + id);
    }
}
