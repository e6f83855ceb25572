package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.DokaiControl;
import dev.verifykit.mock.MockKycResult;
import dev.verifykit.mock.MockKycResult.Checks;
import dev.verifykit.mock.MockKycResult.FaceMatch;
import dev.verifykit.mock.MockKycResult.Identity;
import dev.verifykit.mock.MockKycResult.Liveness;
import dev.verifykit.mock.MockKycSession;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.dokai.KycJson;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Dokai part of the control plane: {@code GET /dokai/sessions/{id}},
 * {@code POST /dokai/sessions/{id}/advance}, {@code POST /dokai/sessions/{id}/finish},
 * {@code POST /dokai/sessions/{id}/expire} and {@code GET /dokai/deliveries}.
 *
 * @param dokai the Dokai control the routes act on
 */
record DokaiControlPlane(DokaiControl dokai) implements ControlPlane.ControlRoutes {

    @Override
    public void addTo(Routes<HttpCall> routes) {
        routes.on("POST", "/dokai/sessions/{id}/advance", (call, segments) ->
                        act(segments.get(0), () -> dokai.advance(segments.get(0))))
                .on("POST", "/dokai/sessions/{id}/finish", (call, segments) -> finish(call, segments.get(0)))
                .on("POST", "/dokai/sessions/{id}/expire", (call, segments) ->
                        act(segments.get(0), () -> dokai.expire(segments.get(0))))
                .on("GET", "/dokai/sessions/{id}", (call, segments) -> dokai.session(segments.get(0))
                        .map(DokaiControlPlane::session).orElseGet(() -> notFound(segments.get(0))))
                .on("GET", "/dokai/deliveries", (call, segments) -> deliveries(call.query("session")));
    }

    private Reply act(String id, Supplier<MockKycSession> action) {
        return ControlPlane.acting(() -> session(action.get()), () -> notFound(id));
    }

    private Reply finish(HttpCall call, String id) {
        Map<?, ?> body = Json.parseObject(call.bodyText()).orElse(null);
        if (body == null) {
            return Reply.error(400, "INVALID_BODY", "Body must be a JSON object {outcome, face_match?, "
                    + "liveness?, identity?}");
        }
        return act(id, () -> {
            if (!(body.get("outcome") instanceof String outcome)) {
                throw new IllegalArgumentException("outcome must be verified, unverified or failed");
            }
            return dokai.finish(id, outcome, result(MockKycResult.defaults(outcome), body));
        });
    }

    /** The outcome's defaults with the given parts merged over them field by field; a part given as {@code null} is sent as {@code null}. */
    private static MockKycResult result(MockKycResult defaults, Map<?, ?> body) {
        MockKycResult result = defaults;
        if (body.containsKey("face_match")) {
            Part<FaceMatch> p = Part.of("face_match", body.get("face_match"), defaults.faceMatch());
            result = result.withFaceMatch(p == null ? null : new FaceMatch(p.bool("matched", FaceMatch::matched),
                    p.number("score", FaceMatch::score), p.number("threshold", FaceMatch::threshold)));
        }
        if (body.containsKey("liveness")) {
            Part<Liveness> p = Part.of("liveness", body.get("liveness"), defaults.liveness());
            result = result.withLiveness(p == null ? null : liveness(p));
        }
        if (body.containsKey("identity")) {
            Part<Identity> p = Part.of("identity", body.get("identity"), defaults.identity());
            result = result.withIdentity(p == null ? null : new Identity(p.text("name", Identity::name),
                    p.text("id_number", Identity::idNumber)));
        }
        return result;
    }

    private static Liveness liveness(Part<Liveness> p) {
        Checks checks = checks(p);
        return new Liveness(p.bool("passed", Liveness::passed), p.number("score", Liveness::score), checks);
    }

    private static Checks checks(Part<Liveness> liveness) {
        Checks base = liveness.base() == null ? null : liveness.base().checks();
        if (!liveness.fields().containsKey("checks") && base != null) {
            return base;
        }
        Part<Checks> p = Part.of("liveness.checks", liveness.fields().get("checks"), base);
        if (p == null) {
            throw new IllegalArgumentException("liveness.checks must be a JSON object");
        }
        return new Checks(p.number("texture", Checks::texture), p.number("frequency", Checks::frequency),
                p.number("reflection", Checks::reflection), p.number("sharpness", Checks::sharpness),
                p.number("color", Checks::color));
    }

    /**
     * One part of a result given as a JSON object, read field by field: a field given (not null) must
     * have the right type, a field left out (or null) keeps the outcome's default, if there is one.
     */
    private record Part<T>(String name, Map<?, ?> fields, T base) {

        /** The part, or null when it is given as {@code null}. */
        static <T> Part<T> of(String name, Object value, T base) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException(name + " must be a JSON object");
            }
            return new Part<>(name, fields, base);
        }

        boolean bool(String key, Function<T, Boolean> fallback) {
            return field(key, Boolean.class, fallback, "true or false");
        }

        double number(String key, Function<T, Double> fallback) {
            Object given = fields.get(key);
            return given instanceof Number n ? n.doubleValue() : field(key, Double.class, fallback, "a number from 0 to 1");
        }

        String text(String key, Function<T, String> fallback) {
            return field(key, String.class, fallback, "a string");
        }

        private <V> V field(String key, Class<V> type, Function<T, V> fallback, String what) {
            Object given = fields.get(key);
            if (type.isInstance(given)) {
                return type.cast(given);
            }
            if (given == null && base != null) {
                return fallback.apply(base);
            }
            throw new IllegalArgumentException(name + "." + key + (given == null ? " is required" : " must be " + what));
        }
    }

    private Reply deliveries(String sessionId) {
        return ControlPlane.ok(Json.object("deliveries", dokai.deliveries().stream()
                .filter(d -> sessionId == null || sessionId.equals(d.sessionId())).map(KycJson::delivery).toList()));
    }

    private static Reply session(MockKycSession session) {
        return ControlPlane.ok(KycJson.control(session));
    }

    private static Reply notFound(String id) {
        return Reply.error(404, "SESSION_NOT_FOUND", "No Dokai session " + id);
    }
}
