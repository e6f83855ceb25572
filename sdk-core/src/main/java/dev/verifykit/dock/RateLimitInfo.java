package dev.verifykit.dock;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rate-limit headers of a Dock response ({@code X-RateLimit-*}).
 *
 * <pre>{@code
 * dock.lastRateLimit().ifPresent(r -> metrics.gauge("dock.remaining", r.remaining().orElse(-1)));
 * }</pre>
 *
 * @param limit requests allowed in the current window
 * @param remaining requests left in the current window
 * @param reset when the window resets
 * @param limitDay requests allowed today
 * @param remainingDay requests left today
 */
public record RateLimitInfo(
        OptionalInt limit, OptionalInt remaining, Optional<Instant> reset, OptionalInt limitDay, OptionalInt remainingDay) {}
