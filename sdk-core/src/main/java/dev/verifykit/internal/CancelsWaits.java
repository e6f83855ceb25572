package dev.verifykit.internal;

/**
 * A client of VerifyKit's own whose waits can be ended without closing it: its waits, streams and
 * creates waiting for a create token end at once with a {@code WaitCancelledException}, later ones
 * too, while single calls go on working until {@code close()}. Not API: for the Spring Boot starter,
 * which does this when the application begins to shut down, so that no wait holds the web server's
 * graceful shutdown while the requests in flight may still call the client.
 */
public interface CancelsWaits {
    /**
     * Ends the waits in progress and makes later ones end at once; idempotent. What a guardrail
     * store or {@code Scheduler} of the caller's throws as a wait ends is thrown as it is, once
     * every wait has ended.
     */
    void cancelWaits();
}
