package dev.verifykit.event;

import dev.verifykit.error.Service;
import dev.verifykit.internal.Model;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * An attempt of a create waiting for the create bucket before it is sent: the first attempt, or a
 * retry (each attempt holds a token of its own); also told while the client's creates are paused
 * after Dock refused one with 429 (the bucket Dock keeps being emptier than the client's). An attempt
 * whose token did not come when it was due (a client sharing the guardrail store took it) waits again
 * and is told again, with the same {@link #attempt()} and that further wait. Told within the create's call
 * ({@link VerifyKitListener#onCreateBucketWait}).
 *
 * <p>In your own tests: {@code BucketWait.builder()…build()} ({@code service}, {@code attempt} and
 * {@code delay} are required).
 */
@Model
@Value.Immutable
public abstract class BucketWait {
    BucketWait() {}

    /** A builder; {@code service}, {@code attempt} and {@code delay} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** The service whose bucket is empty. */
    public abstract Service service();

    /** The attempt that waits (1 for the first, more for a retry). */
    public abstract int attempt();

    /** How long the attempt waits for its token this time, as the bucket (or the store) said before the wait. */
    public abstract Duration delay();

    /** Builds a {@link BucketWait}, for your tests and fakes. */
    public static final class Builder extends BucketWaitValue.Builder {
        Builder() {}
    }
}
