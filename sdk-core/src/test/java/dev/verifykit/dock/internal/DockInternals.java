package dev.verifykit.dock.internal;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.json.internal.JsonCodec;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;

/**
 * What tests of other packages and modules look at inside the Dock client: its waiting
 * dispatcher and connection pool (calls left running, connections left held), and its own session
 * reader (for the fuzz harnesses). Shipped in sdk-core's test jar.
 */
public final class DockInternals {
    private DockInternals() {}

    /** The dispatcher of long-polls and streams. */
    public static Dispatcher waitDispatcher(DockClient dock) {
        return ((DefaultDockClient) dock).transport().waitClient().dispatcher();
    }

    /** A session object read as the client reads one (a stream event's data). */
    public static DockSession session(byte[] json) {
        return JsonCodec.read(DockJson.SESSION, json);
    }

    /** A session envelope read as the client reads a response. */
    public static DockSession envelope(byte[] json) {
        return JsonCodec.read(DockJson.SESSION_ENVELOPE, json).data();
    }

    /** The connection pool of long-polls and streams. */
    public static ConnectionPool waitPool(DockClient dock) {
        return ((DefaultDockClient) dock).transport().waitClient().connectionPool();
    }
}
