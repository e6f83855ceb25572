package dev.verifykit.event;

import dev.verifykit.error.Service;
import dev.verifykit.internal.Model;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One open of a session stream, within its wait.
 *
 * <p>In your own tests: {@code StreamEvent.builder()…build()} ({@code waitId}, {@code service} and {@code operation} are required).
 */
@Model
@Value.Immutable
public abstract class StreamEvent {
    StreamEvent() {}

    /** A builder; {@code waitId}, {@code service} and {@code operation} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** The {@link WaitStart#id()} of the stream's wait. */
    public abstract long waitId();

    /** The service streaming. */
    public abstract Service service();

    /** The stream endpoint as a template, e.g. {@code "GET /v2/sessions/{id}/stream"}. */
    public abstract String operation();

    /** The service's request id for this open, when it gave one. */
    public abstract Optional<String> requestId();

    /** Builds a {@link StreamEvent}, for your tests and fakes. */
    public static final class Builder extends StreamEventValue.Builder {
        Builder() {}
    }
}
