package dev.verifykit.event;

import dev.verifykit.error.VerifyKitException;
import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * A call ended: its last status, and the failure it throws or its cancellation.
 *
 * <p>In your own tests: {@code CallEnd.builder()…build()} ({@code attempts} and {@code duration} are required).
 */
@Model
@Value.Immutable
public abstract class CallEnd {
    CallEnd() {}

    /** A builder; {@code attempts} and {@code duration} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** Attempts made (retries are {@code attempts - 1}). */
    public abstract int attempts();

    /** From the call's start to its end. */
    public abstract Duration duration();

    /** The last HTTP status answered, when one was. */
    public abstract OptionalInt status();

    /** The last request id the service gave, when it gave one. */
    public abstract Optional<String> requestId();

    /** The failure the call ends with (its message holds no secret), or empty when it succeeded. */
    public abstract Optional<VerifyKitException> failure();

    /**
     * Whether the call was cancelled before it ended (its wait cancelled or its client closed, its
     * stream closed by the caller): it neither succeeded nor failed, and {@link #failure()} is empty.
     */
    @Value.Default
    public boolean cancelled() {
        return false;
    }

    /** Whether the call succeeded: it neither failed nor was cancelled. */
    public boolean succeeded() {
        return failure().isEmpty() && !cancelled();
    }

    /** Builds a {@link CallEnd}, for your tests and fakes. */
    public static final class Builder extends CallEndValue.Builder {
        Builder() {}
    }
}
