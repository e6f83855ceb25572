package dev.verifykit.event;

import dev.verifykit.error.Service;
import dev.verifykit.internal.Model;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * A create waiting for the create bucket before anything is sent.
 *
 * <p>In your own tests: {@code BucketWait.builder()…build()} ({@code service} and {@code delay} are required).
 */
@Model
@Value.Immutable
public abstract class BucketWait {
    BucketWait() {}

    /** A builder; {@code service} and {@code delay} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** The service whose bucket is empty. */
    public abstract Service service();

    /** How long the create waits for its token. */
    public abstract Duration delay();

    /** Builds a {@link BucketWait}, for your tests and fakes. */
    public static final class Builder extends BucketWaitValue.Builder {
        Builder() {}
    }
}
