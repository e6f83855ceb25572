package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/** The wire shape of a session, as in the Dock reference. */
public final class SessionJson {

    private SessionJson() {
    }

    /** The session object; {@code reusedExisting} is added only when not null (create responses). */
    public static Map<String, Object> of(MockDockSession s, Boolean reusedExisting) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("pid", s.pid());
        out.put("clientId", s.clientId());
        out.put("guildId", s.guildId());
        out.put("status", s.status());
        out.put("statusReason", s.statusReason());
        out.put("createdAt", Timestamps.format(s.createdAt()));
        out.put("expiresAt", Timestamps.format(s.expiresAt()));
        out.put("terminalAt", Timestamps.format(s.terminalAt()));
        out.put("verifyUrl", s.verifyUrl());
        if (reusedExisting != null) {
            out.put("reusedExisting", reusedExisting);
        }
        out.put("result", s.discordId() == null ? null : result(s));
        return out;
    }

    private static Map<String, Object> result(MockDockSession s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("discordId", s.discordId());
        out.put("robloxId", s.robloxId());
        out.put("verifiedAt", Timestamps.format(s.terminalAt()));
        out.put("linkChanged", s.linkChanged());
        out.put("previousRobloxId", s.previousRobloxId());
        out.put("linkVersion", s.linkVersion());
        out.put("linkHash", s.linkHash());
        return out;
    }
}
