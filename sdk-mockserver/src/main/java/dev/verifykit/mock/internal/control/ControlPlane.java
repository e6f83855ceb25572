package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.DockControl;
import dev.verifykit.mock.DokaiControl;
import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.internal.fault.FaultRules;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Ids;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.Service;
import dev.verifykit.mock.internal.dock.SessionJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person or a game would do, over HTTP: {@code GET /health}, {@code POST /reset},
 * {@code GET /dock/sessions/{id}}, {@code POST /dock/sessions/{id}/complete} and
 * {@code POST /dock/sessions/{id}/expire}. Answers are plain JSON, errors {@code {"error","message"}}.
 */
public final class ControlPlane implements Service {

    private static final Pattern DOCK_SESSION = Pattern.compile("/dock/sessions/([^/]+)");
    private static final Pattern DOCK_ACTION = Pattern.compile("/dock/sessions/([^/]+)/(complete|expire)");

    private final DockControl dock;
    private final Runnable resetAll;

    public ControlPlane(DockControl dock, Runnable resetAll) {
        this.dock = dock;
        this.resetAll = resetAll;
    }

    @Override
    public Reply handle(HttpCall call) {
        if (call.bodySize() > Router.MAX_BODY) {
            return error(413, "INVALID_BODY", "Request body is larger than " + Router.MAX_BODY + " bytes");
        }
        String path = call.path();
        Matcher m;
        if (path.equals("/health")) {
            return only(call, "GET", () -> ok());
        }
        if (path.equals("/reset")) {
            return only(call, "POST", () -> {
                resetAll.run();
                return ok();
            });
        }
        if (faultsAndJournal != null && (path.equals("/faults") || path.startsWith("/faults/")
                || path.equals("/journal"))) {
            return faultsAndJournal.handle(call, path);
        }
        if (dokai != null && path.startsWith("/dokai/")) {
            return dokai.handle(call, path.substring("/dokai".length()));
        }
        if ((m = DOCK_ACTION.matcher(path)).matches()) {
            String id = m.group(1);
            String action = m.group(2);
            return only(call, "POST", () -> action.equals("complete") ? complete(call, id) : expire(id));
        }
        if ((m = DOCK_SESSION.matcher(path)).matches()) {
            String id = m.group(1);
            return only(call, "GET", () -> dock.session(id).map(ControlPlane::session)
                    .orElseGet(() -> notFound(id)));
        }
        return error(404, "NOT_FOUND", "No control-plane endpoint at " + call.method() + " /_mock" + path);
    }

    @Override
    public void reset() {
    }

    private Reply complete(HttpCall call, String id) {
        String text = call.bodyText();
        String discordId = null;
        String robloxId = null;
        if (!text.isBlank()) {
            Optional<Object> parsed = Json.parse(text);
            if (parsed.isEmpty() || !(parsed.get() instanceof Map<?, ?> body)) {
                return error(400, "INVALID_BODY", "Body must be empty or a JSON object {discordId?, robloxId?}");
            }
            Object d = body.get("discordId");
            Object r = body.get("robloxId");
            if ((d != null && !(d instanceof String)) || (r != null && !(r instanceof String))) {
                return error(400, "INVALID_PARAMETER", "discordId and robloxId must be strings of digits");
            }
            discordId = (String) d;
            robloxId = (String) r;
        }
        try {
            MockDockSession done = discordId == null && robloxId == null
                    ? dock.complete(id)
                    : dock.complete(id, discordId != null ? discordId : generatedDiscordId(),
                    robloxId != null ? robloxId : generatedRobloxId());
            return session(done);
        } catch (NoSuchElementException e) {
            return notFound(id);
        } catch (IllegalStateException e) {
            return error(409, "CONFLICT", e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, "INVALID_PARAMETER", e.getMessage());
        }
    }

    private Reply expire(String id) {
        try {
            return session(dock.expire(id));
        } catch (NoSuchElementException e) {
            return notFound(id);
        } catch (IllegalStateException e) {
            return error(409, "CONFLICT", e.getMessage());
        }
    }

    private static String generatedDiscordId() {
        return Ids.discordId();
    }

    private static String generatedRobloxId() {
        return Ids.robloxId();
    }

    private static Reply only(HttpCall call, String method, Supplier<Reply> action) {
        if (!call.method().equals(method)) {
            return error(405, "METHOD_NOT_ALLOWED", "Use " + method + " here").header("Allow", method);
        }
        return action.get();
    }

    private static Reply ok() {
        return Reply.json(200, "{\"status\":\"ok\"}");
    }

    private static Reply session(MockDockSession session) {
        return Reply.json(200, Json.write(SessionJson.of(session, null)));
    }

    private static Reply notFound(String id) {
        return error(404, "SESSION_NOT_FOUND", "No Dock session " + id);
    }

    static Reply error(int status, String code, String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", code);
        out.put("message", message);
        return Reply.json(status, Json.write(out));
    }

    private DokaiControlPlane dokai;
    private FaultControlPlane faultsAndJournal;

    /** Serves {@code /faults} and {@code /journal}; call once, before the server answers requests. */
    public ControlPlane withFaultsAndJournal(FaultRules faults, MockJournal journal) {
        this.faultsAndJournal = new FaultControlPlane(faults, journal);
        return this;
    }

    /** Serves the Dokai control plane below {@code /dokai}; call once, before the server answers requests. */
    public ControlPlane withDokai(DokaiControl control) {
        this.dokai = new DokaiControlPlane(control);
        return this;
    }
}
