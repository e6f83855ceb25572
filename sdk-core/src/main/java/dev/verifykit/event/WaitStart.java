package dev.verifykit.event;

import dev.verifykit.error.Service;
import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * A wait beginning: an {@code await…} method or a session stream, made of calls.
 *
 * <p>In your own tests: {@code WaitStart.builder()…build()} ({@code id}, {@code service} and {@code operation} are required).
 */
@Model
@Value.Immutable
public abstract class WaitStart {
    WaitStart() {}

    /** A builder; {@code id}, {@code service} and {@code operation} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** Unique in this JVM; calls of the wait carry it as {@link CallStart#waitId()}. */
    public abstract long id();

    /** The service waited on. */
    public abstract Service service();

    /** What is awaited, e.g. {@code "dock.awaitCompletion"}, {@code "dock.stream"}. */
    public abstract String operation();

    /** Time until the wait's deadline at its start, when it has one. */
    public abstract Optional<Duration> timeout();

    /**
     * The {@link #id()} of the wait this one carries on, when it does: a session stream whose opens
     * kept failing goes on with long-polls, a {@code "dock.awaitCompletion"} wait started (on one of
     * the client's threads, not the caller's) once its {@code "dock.stream"} wait has ended.
     */
    public abstract OptionalLong parentWaitId();

    /** Builds a {@link WaitStart}, for your tests and fakes. */
    public static final class Builder extends WaitStartValue.Builder {
        Builder() {}
    }
}
