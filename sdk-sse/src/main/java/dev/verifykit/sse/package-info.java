/**
 * Dock session streams over Server-Sent Events, read by okhttp-sse:
 * {@link dev.verifykit.sse.DockSessionStreams#of}. The stream engine (pacing, reconnects,
 * fallback, listeners) is the core's; this module gives it okhttp-sse's reader.
 *
 * <pre>{@code
 * SessionStreams streams = DockSessionStreams.of(dock);
 * try (SessionStream stream = streams.open(session.id(), new SessionListener() {
 *     @Override public void onTerminal(DockSession done) { store(done); }
 * })) {
 *     // …
 * }
 * }</pre>
 */
package dev.verifykit.sse;
