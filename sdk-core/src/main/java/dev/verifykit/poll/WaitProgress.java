package dev.verifykit.poll;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a wait stands after one of its requests.
 *
 * <pre>{@code
 * p.remaining().ifPresent(left -> bar.setText(left.toSeconds() + " s left"));
 * }</pre>
 *
 * @param attempts requests this wait has made
 * @param pollsUsed reads counted against the session's poll cap so far (all waits of the session)
 * @param pollCap the session's poll cap, when the service has one
 * @param elapsed time since the wait began
 * @param remaining time until the wait's deadline, when it has one
 * @param lastStatus the status seen last ({@code "pending"}), or the failure that will be retried
 */
public record WaitProgress(
        int attempts,
        int pollsUsed,
        OptionalInt pollCap,
        Duration elapsed,
        Optional<Duration> remaining,
        String lastStatus) {}
