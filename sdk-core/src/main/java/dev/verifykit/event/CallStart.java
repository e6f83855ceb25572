package dev.verifykit.event;

import dev.verifykit.error.Service;
import dev.verifykit.internal.Model;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.immutables.value.Value;

/**
 * One call of a client method beginning: its service, operation and identity.
 *
 * <p>In your own tests: {@code CallStart.builder()…build()} ({@code id}, {@code service} and {@code operation} are required).
 */
@Model
@Value.Immutable
public abstract class CallStart {
    CallStart() {}

    /** A builder; {@code id}, {@code service} and {@code operation} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this event's values. */
    public abstract Builder toBuilder();

    /** Unique in this JVM; the key to keep per-call state (a span, a timer) by. */
    public abstract long id();

    /** The service called. */
    public abstract Service service();

    /** The endpoint as a template without ids, e.g. {@code "GET /v2/sessions/{id}"}. */
    public abstract String operation();

    /** The {@link WaitStart#id()} of the wait this call is part of, if any. */
    public abstract OptionalLong waitId();

    /** The HTTP method its requests use ({@code "GET"}, {@code "POST"}), when known. */
    public abstract Optional<String> method();

    /** The host its requests go to (the client's base URL's, without port or path), when known. */
    public abstract Optional<String> serverAddress();

    /** The port its requests go to (the base URL's, or its scheme's default), when known. */
    public abstract OptionalInt serverPort();

    /** Builds a {@link CallStart}, for your tests and fakes. */
    public static final class Builder extends CallStartValue.Builder {
        Builder() {}
    }
}
