/**
 * What a client does, as events: one {@link dev.verifykit.event.VerifyKitListener} on a client's
 * builder sees every call and attempt, every retry with its reason and delay, each wait's start,
 * progress and end, stream opens and closes, create-bucket waits and webhook refusals. Events hold
 * no secret: endpoints are templates ({@code GET /v2/sessions/{id}}), never URLs, headers or bodies.
 * The OpenTelemetry and Micrometer modules are listeners.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder().apiKey(key)
 *         .listener(new VerifyKitListener() {
 *             @Override public void onCallEnd(CallStart call, CallEnd end) {
 *                 log.info("{} {} in {} ms", call.operation(), end.status(), end.duration().toMillis());
 *             }
 *         })
 *         .build();
 * }</pre>
 */
package dev.verifykit.event;
