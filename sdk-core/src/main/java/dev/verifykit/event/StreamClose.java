package dev.verifykit.event;

import dev.verifykit.internal.Model;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * Why a session stream ended.
 *
 * <p>In your own tests: {@code StreamClose.builder()…build()} ({@code reason} and {@code duration} are required).
 */
@Model
@Value.Immutable
public abstract class StreamClose {
    StreamClose() {}

    /** A builder; {@code reason} and {@code duration} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** Why the stream ended. */
    public abstract StreamCloseReason reason();

    /** How long the stream was open. */
    public abstract Duration duration();

    /**
     * Session events read from the stream: those of type {@code session}, the terminal one included (the
     * wait reads none after it); keep-alives, events of other types and one whose data is not a session of
     * this one are not counted.
     */
    @Value.Default
    public int events() {
        return 0;
    }

    /** Builds a {@link StreamClose}, for your tests and fakes. */
    public static final class Builder extends StreamCloseValue.Builder {
        Builder() {}
    }
}
