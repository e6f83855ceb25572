package dev.verifykit.event;

import dev.verifykit.internal.Model;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/**
 * One attempt of a call ended: answered with a status, or failed before an answer.
 *
 * <p>In your own tests: {@code AttemptEnd.builder()…build()} ({@code number} and {@code duration} are required).
 */
@Model
@Value.Immutable
public abstract class AttemptEnd {
    AttemptEnd() {}

    /** A builder; {@code number} and {@code duration} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** 1 for the first attempt. */
    public abstract int number();

    /** The HTTP status answered, when an answer arrived. */
    public abstract OptionalInt status();

    /** The service's request id ({@code X-Request-Id}), when it gave one. */
    public abstract Optional<String> requestId();

    /** From the attempt's start to its answer or failure. */
    public abstract Duration duration();

    /** What failed, as a type name ({@code "TransportException"}, {@code "ServerException"}), when it did. */
    public abstract Optional<String> failure();

    /** Builds a {@link AttemptEnd}, for your tests and fakes. */
    public static final class Builder extends AttemptEndValue.Builder {
        Builder() {}
    }
}
