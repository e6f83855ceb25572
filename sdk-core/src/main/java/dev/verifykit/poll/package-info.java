/**
 * Waiting for a result: how long to wait, how often to ask, and progress reports. Every client's
 * {@code await…} method runs on the same engine, which keeps the minimum interval between request
 * starts, stops before a poll cap is exceeded, honours retry hints, backs off on failures, and
 * ends at a deadline; {@code …Async} forms block no thread while they wait.
 *
 * <pre>{@code
 * DockSession done = dock.sessions().awaitCompletion(id, WaitOptions.builder()
 *         .timeout(Duration.ofMinutes(2))
 *         .listener(p -> System.out.printf("%d polls, %s s left%n", p.attempts(),
 *                 p.remaining().map(left -> String.valueOf(left.toSeconds())).orElse("?")))
 *         .build());
 * }</pre>
 */
package dev.verifykit.poll;
