package dev.verifykit.mock.internal.control;

import dev.verifykit.mock.DockControl;
import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Ids;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Routes;
import dev.verifykit.mock.internal.dock.SessionJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Dock part of the control plane: {@code GET /dock/sessions/{id}},
 * {@code POST /dock/sessions/{id}/complete} (body empty or {@code {discordId?, robloxId?}}),
 * {@code POST /dock/sessions/{id}/expire} and {@code GET /dock/stats}.
 *
 * @param dock the Dock control the routes act on
 */
record DockControlPlane(DockControl dock) implements ControlPlane.ControlRoutes {

    @Override
    public void addTo(Routes<HttpCall> routes) {
        routes.on("POST", "/dock/sessions/{id}/complete", (call, segments) -> complete(call, segments.get(0)))
                .on("POST", "/dock/sessions/{id}/expire", (call, segments) -> ControlPlane.acting(
                        () -> session(dock.expire(segments.get(0))), () -> notFound(segments.get(0))))
                .on("GET", "/dock/sessions/{id}", (call, segments) -> dock.session(segments.get(0))
                        .map(DockControlPlane::session).orElseGet(() -> notFound(segments.get(0))))
                .on("GET", "/dock/stats", (call, segments) -> stats());
    }

    private Reply complete(HttpCall call, String id) {
        String text = call.bodyText();
        Object discordId = null;
        Object robloxId = null;
        if (!text.isBlank()) {
            Optional<Map<?, ?>> body = Json.parseObject(text);
            if (body.isEmpty()) {
                return Reply.error(400, "INVALID_BODY", "Body must be empty or a JSON object {discordId?, robloxId?}");
            }
            discordId = body.get().get("discordId");
            robloxId = body.get().get("robloxId");
            if ((discordId != null && !(discordId instanceof String)) || (robloxId != null && !(robloxId instanceof String))) {
                return ControlPlane.invalid("discordId and robloxId must be strings of digits");
            }
        }
        String discord = (String) discordId;
        String roblox = (String) robloxId;
        return ControlPlane.acting(() -> session(discord == null && roblox == null ? dock.complete(id)
                : dock.complete(id, discord != null ? discord : Ids.discordId(),
                roblox != null ? roblox : Ids.robloxId())), () -> notFound(id));
    }

    private Reply stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("sessions", dock.sessionCount());
        stats.put("heldLongPolls", dock.heldLongPolls());
        return ControlPlane.ok(stats);
    }

    private static Reply session(MockDockSession session) {
        return ControlPlane.ok(SessionJson.of(session, null));
    }

    private static Reply notFound(String id) {
        return Reply.error(404, "SESSION_NOT_FOUND", "No Dock session " + id);
    }
}
