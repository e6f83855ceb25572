package dev.verifykit.roblox.internal;

import dev.verifykit.http.HttpSettings;
import java.time.Duration;

/**
 * How long the RPC clients keep an idle connection: less than the server's. The RPC is a Node.js
 * server (tRPC's standalone adapter), which closes a connection idle for its
 * {@code keepAliveTimeout}, 5 s by default ({@code Keep-Alive: timeout=5}). OkHttp kept it for
 * 5 minutes and checks a pooled connection before a write only after 10 s idle, so a
 * {@code completeVerification}, {@code beginVerification} or {@code refresh} 5–10 s after the
 * previous call was written to a connection the server had closed, failed, and was not retried (it
 * may have arrived). Those now go out on a connection of their own (the transport's rule for a write
 * sent once), so this keeps the status checks, which reuse pooled connections, from failing so (and
 * waiting out a retry).
 */
public final class RpcConnections {
    /** The RPC clients' {@link HttpSettings#connectionKeepAlive()} when none is set: under Node's 5 s. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(4);

    private RpcConnections() {}

    /** {@code http} with {@link #KEEP_ALIVE} when it sets no keep-alive of its own. */
    static HttpSettings keptUnderNodesTimeout(HttpSettings http) {
        return http.connectionKeepAlive().isPresent() ? http : http.toBuilder().connectionKeepAlive(KEEP_ALIVE).build();
    }
}
