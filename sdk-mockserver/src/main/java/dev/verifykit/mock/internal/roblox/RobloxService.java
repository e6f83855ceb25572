package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Service;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Roblox code-verification RPC, mounted at {@code /roblox}; no procedure is served yet. */
public final class RobloxService implements Service {

    @Override
    public Reply handle(HttpCall call) {
        String procedure = call.path().startsWith("/") ? call.path().substring(1) : call.path();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", "NOT_FOUND");
        data.put("httpStatus", 404);
        data.put("path", procedure);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "No procedure found on path \"" + procedure + "\"");
        error.put("code", -32004);
        error.put("data", data);
        return Reply.json(404, Json.write(Map.of("error", error)));
    }

    @Override
    public void reset() {
    }
}
