package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MockRobloxUser;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.roblox.CompletionRefused;
import dev.verifykit.mock.internal.roblox.RobloxJson;
import dev.verifykit.mock.internal.roblox.RobloxState;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Roblox part of the control plane, below {@code /_mock/roblox}: the user directory (registered
 * users, ids registered as missing or without a headshot), completing a code as a game server,
 * expiring and reading sessions.
 *
 * @param roblox the Roblox state the routes act on
 */
record RobloxControlPlane(RobloxState roblox) implements ControlPlane.ControlRoutes {

    @Override
    public void addTo(Routes<HttpCall> routes) {
        routes.on("GET", "/roblox/users", (call, segments) -> ControlPlane.ok(Json.object(
                        "users", roblox.users().stream().map(RobloxJson::user).toList(), "missing", roblox.missingUsers())))
                .on("POST", "/roblox/users", (call, segments) -> register(call))
                .on("GET", "/roblox/users/{id}", (call, segments) -> roblox.user(segments.get(0))
                        .map(RobloxControlPlane::user).orElseGet(() -> Reply.error(404, "USER_NOT_FOUND", "Roblox has no user "
                                + segments.get(0) + " (registered as missing, or not 1 to 20 digits)")))
                .on("DELETE", "/roblox/users/{id}", (call, segments) -> removeUser(segments.get(0)))
                .on("POST", "/roblox/users/{id}/missing", (call, segments) -> registering(() -> {
                    roblox.registerMissingUser(segments.get(0));
                    return missingMark(segments.get(0));
                }))
                .on("POST", "/roblox/users/{id}/no-headshot", (call, segments) ->
                        registering(() -> user(roblox.registerUserWithoutHeadshot(segments.get(0)))))
                .on("POST", "/roblox/complete", (call, segments) -> complete(call))
                .on("POST", "/roblox/sessions/{id}/expire", (call, segments) -> ControlPlane.acting(
                        () -> session(roblox.expire(segments.get(0))), () -> sessionNotFound(segments.get(0))))
                .on("GET", "/roblox/sessions/{id}", (call, segments) -> roblox.session(segments.get(0))
                        .map(RobloxControlPlane::session).orElseGet(() -> sessionNotFound(segments.get(0))));
    }

    private Reply removeUser(String id) {
        // the directory keeps an id as a number (0261 is 261): ask about it as it does
        boolean wasMissing = roblox.missingUsers().contains(RobloxState.userIdAsNumber(id));
        Optional<MockRobloxUser> removed = roblox.removeUser(id);
        if (removed.isPresent()) {
            return user(removed.get());
        }
        return wasMissing ? missingMark(id) : Reply.error(404, "USER_NOT_FOUND",
                "Nothing is registered for Roblox user " + id);
    }

    private Reply register(HttpCall call) {
        Map<?, ?> b = Json.parseObject(call.bodyText()).orElse(null);
        if (b == null) {
            return Reply.error(400, "INVALID_BODY",
                    "Body must be a JSON object {robloxUserId, username, displayName, picture?}");
        }
        if (!(b.get("robloxUserId") instanceof String id) || !(b.get("username") instanceof String name)
                || !(b.get("displayName") instanceof String display)
                || (b.get("picture") != null && !(b.get("picture") instanceof String))) {
            return ControlPlane.invalid("robloxUserId, username and displayName must be strings; picture a string or null");
        }
        return registering(() -> user(roblox.registerUser(new MockRobloxUser(id, name, display, (String) b.get("picture")))));
    }

    private Reply complete(HttpCall call) {
        Map<?, ?> body = Json.parseObject(call.bodyText()).orElse(null);
        if (body == null) {
            return Reply.error(400, "INVALID_BODY", "Body must be a JSON object {code, robloxUserId}");
        }
        if (!(body.get("code") instanceof String code) || !(body.get("robloxUserId") instanceof String robloxUserId)) {
            return ControlPlane.invalid("code and robloxUserId must be strings");
        }
        try {
            return registering(() -> session(roblox.completeOrRefuse(RobloxState.completionCode(code, robloxUserId),
                    robloxUserId)));
        } catch (CompletionRefused e) {
            return switch (e.reason()) {
                case UNKNOWN_CODE -> Reply.error(404, "CODE_NOT_FOUND", e.getMessage());
                case EXPIRED_CODE -> Reply.error(409, "CODE_EXPIRED", e.getMessage());
                case UNKNOWN_USER -> Reply.error(404, "USER_NOT_FOUND", e.getMessage());
                case NO_HEADSHOT -> Reply.error(409, "HEADSHOT_NOT_AVAILABLE", e.getMessage());
            };
        }
    }

    /** What {@code action} answers, or 400 {@code INVALID_PARAMETER} for a malformed id or user. */
    private static Reply registering(Supplier<Reply> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            return ControlPlane.invalid(e.getMessage());
        }
    }

    private static Reply missingMark(String id) {
        return ControlPlane.ok(Json.object("robloxUserId", id, "missing", true));
    }

    private static Reply user(MockRobloxUser user) {
        return ControlPlane.ok(RobloxJson.user(user));
    }

    private static Reply session(MockRobloxSession s) {
        return ControlPlane.ok(Json.object("sessionId", s.sessionId(), "code", s.code(), "status", s.status(),
                "expiresAt", s.expiresAt().toEpochMilli(), "robloxUserId", s.robloxUserId(), "jwt", s.jwt()));
    }

    private static Reply sessionNotFound(String id) {
        return Reply.error(404, "SESSION_NOT_FOUND", "No Roblox session " + id);
    }
}
