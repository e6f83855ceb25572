package dev.verifykit.dock;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How session streams behave when the network does not.
 *
 * <pre>{@code
 * StreamSettings settings = StreamSettings.builder()
 *         .maxConsecutiveFailures(5)
 *         .fallbackToLongPoll(false)
 *         .build();
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class StreamSettings {
    private static final StreamSettings DEFAULTS = builder().build();

    StreamSettings() {}

    /** Three failed opens in a row before falling back to long-polls; read timeout twice the keep-alive. */
    public static StreamSettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public abstract Builder toBuilder();

    /** Failed opens or broken streams in a row after which streaming is given up, 1 to 100 (default 3). */
    @Value.Default
    public int maxConsecutiveFailures() {
        return 3;
    }

    /**
     * Whether a wait whose streaming keeps failing goes on with long-polls (default) or fails. The
     * long-polls keep the wait's {@code WaitOptions}: its deadline, interval, failures in a row,
     * listener, and its request limit less the opens made.
     */
    @Value.Default
    public boolean fallbackToLongPoll() {
        return true;
    }

    /**
     * How long a stream may stay silent (no event, no keep-alive) before it is taken for dead and
     * reopened; at least 1 ms (it is applied in whole milliseconds). Keep it longer than the keep-alive period: a shorter one is accepted, but
     * then a healthy stream is taken for dead between keep-alives and reopened, each open counting
     * against the session's poll cap. Empty means twice the keep-alive period of the client's
     * guardrails (20 s).
     */
    public abstract Optional<Duration> readTimeout();

    @Value.Check
    void check() {
        if (maxConsecutiveFailures() < 1 || maxConsecutiveFailures() > 100) {
            throw new ValidationException("maxConsecutiveFailures", "must be from 1 to 100 (was "
                    + maxConsecutiveFailures() + ")");
        }
        readTimeout().ifPresent(value -> Require.httpTimeout("readTimeout", value));
    }

    /**
     * Builds {@link StreamSettings}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range ({@code null} included; an
     * optional value set to {@code null} is unset).
     */
    public static final class Builder extends StreamSettingsValue.Builder {
        Builder() {}
    }
}
