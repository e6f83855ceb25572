package dev.verifykit.dock.internal;

import dev.verifykit.dock.DockSession;
import dev.verifykit.json.internal.JsonCodec;

/** Dock's envelope reader, for sdk-core's fuzz harness. */
public final class DockJsonAccess {
    private DockJsonAccess() {}

    /** A session envelope read as the client reads a response. */
    public static DockSession envelope(byte[] json) {
        return JsonCodec.read(DockJson.SESSION_DATA, json);
    }
}
