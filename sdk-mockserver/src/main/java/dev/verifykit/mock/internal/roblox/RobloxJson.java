package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxUser;
import dev.verifykit.mock.internal.Json;
import java.util.Map;

/** The Roblox JSON shapes shared by the RPC, the control plane and the token: the user object. */
public final class RobloxJson {

    private RobloxJson() {
    }

    /** The user object of the RPC, the control plane and the JWT payload. */
    public static Map<String, Object> user(MockRobloxUser user) {
        return Json.object("robloxUserId", user.robloxUserId(), "username", user.username(),
                "displayName", user.displayName(), "picture", user.picture());
    }
}
