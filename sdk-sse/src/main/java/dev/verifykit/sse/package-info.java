/**
 * Dock session streams over Server-Sent Events: {@link dev.verifykit.sse.DockSessionStreams}.
 *
 * <pre>{@code
 * DockSessionStreams streams = DockSessionStreams.of(dock);
 * try (SessionStream stream = streams.open(session.id(), new SessionListener() {
 *     @Override public void onTerminal(DockSession done) { store(done); }
 * })) {
 *     // …
 * }
 * }</pre>
 */
package dev.verifykit.sse;
