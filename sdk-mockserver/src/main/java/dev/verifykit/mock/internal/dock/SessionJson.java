package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Timestamps;
import java.util.Map;

/** The wire shape of a session, as in the Dock reference. */
public final class SessionJson {

    private SessionJson() {
    }

    /** The session object; {@code reusedExisting} is added only when not null (create responses). */
    public static Map<String, Object> of(MockDockSession s, Boolean reusedExisting) {
        Map<String, Object> out = Json.object("id", s.id(), "pid", s.pid(), "clientId", s.clientId(),
                "guildId", s.guildId(), "status", s.status(), "statusReason", s.statusReason(),
                "createdAt", Timestamps.format(s.createdAt()), "expiresAt", Timestamps.format(s.expiresAt()),
                "terminalAt", Timestamps.format(s.terminalAt()), "verifyUrl", s.verifyUrl());
        if (reusedExisting != null) {
            out.put("reusedExisting", reusedExisting);
        }
        out.put("result", s.discordId() == null ? null : Json.object("discordId", s.discordId(),
                "robloxId", s.robloxId(), "verifiedAt", Timestamps.format(s.terminalAt()),
                "linkChanged", s.linkChanged(), "previousRobloxId", s.previousRobloxId(),
                "linkVersion", s.linkVersion(), "linkHash", s.linkHash()));
        return out;
    }
}
