package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.internal.HttpCall;
import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.Service;
import java.util.LinkedHashMap;
import java.util.Map;

/** Dokai hosted KYC, mounted at {@code /dokai}; no endpoint is served yet. */
public final class DokaiService implements Service {

    @Override
    public Reply handle(HttpCall call) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "not_found");
        error.put("message", "No Dokai endpoint at " + call.method() + " " + call.path());
        return Reply.json(404, Json.write(Map.of("error", error)));
    }

    @Override
    public void reset() {
    }
}
