package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.MockRobloxSession;
import dev.verifykit.mock.MockRobloxUser;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Service;
import dev.verifykit.mock.internal.roblox.CompletionRefused;
import dev.verifykit.mock.internal.roblox.RobloxState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Roblox part of the control plane, mounted at {@code /_mock/roblox} (before {@code /_mock}):
 * the user directory (registered users, ids registered as missing or without a headshot),
 * completing a code as a game server, expiring and reading sessions.
 */
public final class RobloxControlPlane implements Service {

    private static final Pattern USER = Pattern.compile("/users/([^/]+)");
    private static final Pattern USER_MARK = Pattern.compile("/users/([^/]+)/(missing|no-headshot)");
    private static final Pattern SESSION = Pattern.compile("/sessions/([^/]+)");
    private static final Pattern EXPIRE = Pattern.compile("/sessions/([^/]+)/expire");

    private final RobloxState roblox;

    public RobloxControlPlane(RobloxState roblox) {
        this.roblox = roblox;
    }

    @Override
    public Reply handle(HttpCall call) {
        if (call.bodySize() > Router.MAX_BODY) {
            return ControlPlane.error(413, "INVALID_BODY", "Request body is larger than " + Router.MAX_BODY + " bytes");
        }
        String path = call.path();
        Matcher m;
        if (path.equals("/users")) {
            return call.method().equals("GET") ? users() : only(call, "GET, POST", "POST", () -> register(call));
        }
        if ((m = USER.matcher(path)).matches()) {
            String id = m.group(1);
            return call.method().equals("GET")
                    ? roblox.user(id).map(RobloxControlPlane::user).orElseGet(() -> userNotFound(id))
                    : only(call, "GET, DELETE", "DELETE", () -> removeUser(id));
        }
        if ((m = USER_MARK.matcher(path)).matches()) {
            String id = m.group(1);
            boolean missing = m.group(2).equals("missing");
            return only(call, "POST", "POST", () -> missing ? registerMissing(id) : registerWithoutHeadshot(id));
        }
        if (path.equals("/complete")) {
            return only(call, "POST", "POST", () -> complete(call));
        }
        if ((m = EXPIRE.matcher(path)).matches()) {
            String id = m.group(1);
            return only(call, "POST", "POST", () -> expire(id));
        }
        if ((m = SESSION.matcher(path)).matches()) {
            String id = m.group(1);
            return only(call, "GET", "GET", () -> roblox.session(id).map(RobloxControlPlane::session)
                    .orElseGet(() -> sessionNotFound(id)));
        }
        return ControlPlane.error(404, "NOT_FOUND", "No control-plane endpoint at " + call.method()
                + " /_mock/roblox" + path);
    }

    @Override
    public void reset() {
    }

    private Reply users() {
        List<Object> list = roblox.users().stream().map(RobloxState::userJson).map(Object.class::cast).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("users", list);
        out.put("missing", roblox.missingUsers());
        return Reply.json(200, Json.write(out));
    }

    private Reply removeUser(String id) {
        boolean wasMissing = roblox.missingUsers().contains(id);
        Optional<MockRobloxUser> removed = roblox.removeUser(id);
        if (removed.isPresent()) {
            return user(removed.get());
        }
        return wasMissing ? missingMark(id) : ControlPlane.error(404, "USER_NOT_FOUND",
                "Nothing is registered for Roblox user " + id);
    }

    private Reply registerMissing(String id) {
        try {
            roblox.registerMissingUser(id);
            return missingMark(id);
        } catch (IllegalArgumentException e) {
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
        }
    }

    private Reply registerWithoutHeadshot(String id) {
        try {
            return user(roblox.registerUserWithoutHeadshot(id));
        } catch (IllegalArgumentException e) {
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
        }
    }

    private static Reply missingMark(String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("robloxUserId", id);
        out.put("missing", true);
        return Reply.json(200, Json.write(out));
    }

    private Reply register(HttpCall call) {
        Optional<Map<?, ?>> body = object(call);
        if (body.isEmpty()) {
            return ControlPlane.error(400, "INVALID_BODY",
                    "Body must be a JSON object {robloxUserId, username, displayName, picture?}");
        }
        Map<?, ?> b = body.get();
        if (!(b.get("robloxUserId") instanceof String id) || !(b.get("username") instanceof String name)
                || !(b.get("displayName") instanceof String display)
                || (b.get("picture") != null && !(b.get("picture") instanceof String))) {
            return ControlPlane.error(400, "INVALID_PARAMETER",
                    "robloxUserId, username and displayName must be strings; picture a string or null");
        }
        try {
            return user(roblox.registerUser(new MockRobloxUser(id, name, display, (String) b.get("picture"))));
        } catch (IllegalArgumentException e) {
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
        }
    }

    private Reply complete(HttpCall call) {
        Optional<Map<?, ?>> body = object(call);
        if (body.isEmpty()) {
            return ControlPlane.error(400, "INVALID_BODY", "Body must be a JSON object {code, robloxUserId}");
        }
        if (!(body.get().get("code") instanceof String code)
                || !(body.get().get("robloxUserId") instanceof String robloxUserId)) {
            return ControlPlane.error(400, "INVALID_PARAMETER", "code and robloxUserId must be strings");
        }
        try {
            return session(roblox.completeOrRefuse(RobloxState.completionCode(code, robloxUserId), robloxUserId));
        } catch (IllegalArgumentException e) {
            return ControlPlane.error(400, "INVALID_PARAMETER", e.getMessage());
        } catch (CompletionRefused e) {
            return ControlPlane.error(e.reason().controlStatus(), e.reason().controlCode(), e.getMessage());
        }
    }

    private Reply expire(String id) {
        try {
            return session(roblox.expire(id));
        } catch (java.util.NoSuchElementException e) {
            return sessionNotFound(id);
        } catch (IllegalStateException e) {
            return ControlPlane.error(409, "CONFLICT", e.getMessage());
        }
    }

    private static Optional<Map<?, ?>> object(HttpCall call) {
        return Json.parse(call.bodyText()).filter(Map.class::isInstance).map(o -> (Map<?, ?>) o);
    }

    private static Reply only(HttpCall call, String allow, String method, Supplier<Reply> action) {
        if (!call.method().equals(method)) {
            return ControlPlane.error(405, "METHOD_NOT_ALLOWED", "Use " + allow + " here").header("Allow", allow);
        }
        return action.get();
    }

    private static Reply user(MockRobloxUser user) {
        return Reply.json(200, Json.write(RobloxState.userJson(user)));
    }

    private static Reply session(MockRobloxSession s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sessionId", s.sessionId());
        out.put("code", s.code());
        out.put("status", s.status());
        out.put("expiresAt", s.expiresAt().toEpochMilli());
        out.put("robloxUserId", s.robloxUserId());
        out.put("jwt", s.jwt());
        return Reply.json(200, Json.write(out));
    }

    private static Reply userNotFound(String id) {
        return ControlPlane.error(404, "USER_NOT_FOUND", "Roblox has no user " + id
                + " (registered as missing, or not 1 to 20 digits)");
    }

    private static Reply sessionNotFound(String id) {
        return ControlPlane.error(404, "SESSION_NOT_FOUND", "No Roblox session " + id);
    }
}
