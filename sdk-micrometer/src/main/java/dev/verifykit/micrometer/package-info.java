/**
 * Micrometer metrics for VerifyKit: {@link dev.verifykit.micrometer.VerifyKitMetrics} times calls and
 * waits and counts retries, refusals, poll-cap stops, webhook refusals and webhook outcomes from
 * the client's events.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder().apiKey(key)
 *         .listener(VerifyKitMetrics.create(meterRegistry))
 *         .build();
 * }</pre>
 */
package dev.verifykit.micrometer;
