/**
 * OpenTelemetry tracing for VerifyKit: {@link dev.verifykit.opentelemetry.VerifyKitTracing} makes a
 * span of every call and wait from the client's events and sends the trace context on requests.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder().apiKey(key)
 *         .listener(VerifyKitTracing.create(openTelemetry))
 *         .build();
 * }</pre>
 */
package dev.verifykit.opentelemetry;
