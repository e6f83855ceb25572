package dev.verifykit.dock;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * Dock's documented limits, which the client keeps on its own side so that it never meets a
 * refusal. The defaults are the documented values; change them only to match a service
 * configured differently (the mock server with shrunk guardrails, in tests).
 *
 * <table>
 * <caption>Defaults</caption>
 * <tr><th>guardrail</th><th>default</th></tr>
 * <tr><td>session lifetime</td><td>5 minutes</td></tr>
 * <tr><td>create burst / refill</td><td>6 sessions / 1 every 10 s</td></tr>
 * <tr><td>minimum poll interval</td><td>2 s between the arrivals of two reads of a session</td></tr>
 * <tr><td>maximum long-poll wait</td><td>25 s</td></tr>
 * <tr><td>stream maximum / keep-alive</td><td>30 s / 10 s</td></tr>
 * <tr><td>poll cap</td><td>60 (free), 150 (premium)</td></tr>
 * </table>
 *
 * <pre>{@code
 * DockGuardrails shrunk = DockGuardrails.builder()
 *         .sessionLifetime(Duration.ofSeconds(3))
 *         .minPollInterval(Duration.ofMillis(50))
 *         .build();
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class DockGuardrails {
    private static final DockGuardrails DEFAULTS = builder().build();

    DockGuardrails() {}

    /** The documented values. */
    public static DockGuardrails defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the documented values. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these guardrails, each as a value set: {@link #holdSpread()} too, so a copy
     * given another {@code maxWait} keeps the spread these have (half of their {@code maxWait} by
     * default) rather than half of the new one; give it one less than a shorter {@code maxWait}
     * (build() refuses it otherwise, naming {@code holdSpread}), or start from {@link #builder()}.
     */
    public abstract Builder toBuilder();

    /** How long a session stays pending at most; positive. */
    @Value.Default
    public Duration sessionLifetime() {
        return Duration.ofMinutes(5);
    }

    /** Creates allowed at once per API key, 1 to 1000. */
    @Value.Default
    public int createBurst() {
        return 6;
    }

    /** How often one create token is added back; positive, and {@link #createBurst()} of them (the bucket's fill time) at most 999,999,999 s. */
    @Value.Default
    public Duration createRefill() {
        return Duration.ofSeconds(10);
    }

    /** The least time between the arrivals at the service of two reads (or stream opens) of one session; positive. */
    @Value.Default
    public Duration minPollInterval() {
        return Duration.ofSeconds(2);
    }

    /** The longest a long-poll may be held ({@code ?wait=}), in whole seconds. */
    @Value.Default
    public Duration maxWait() {
        return Duration.ofSeconds(25);
    }

    /**
     * How much shorter than {@link #maxWait()} the first long-poll of a wait may hold, in whole
     * seconds: the first hold is picked at random between {@code maxWait - holdSpread} and
     * {@code maxWait} (later ones hold {@code maxWait}), so that waits begun together (a restart
     * resuming them, a burst of users) do not all ask again in the same second, every hold after;
     * their re-polls are spread over {@code holdSpread}. By default half of {@code maxWait} (12 s of
     * 25 s): a session may take one read more than without it, the worst case (a session ending at
     * its last second) stays 13. Zero turns it off; less than {@code maxWait}.
     */
    @Value.Default
    public Duration holdSpread() {
        Duration maxWait = maxWait(); // null is refused by name in check(), which runs after the defaults
        return maxWait == null ? Duration.ZERO : Duration.ofSeconds(maxWait.toSeconds() / 2);
    }

    /** The longest the service keeps a stream open; positive. */
    @Value.Default
    public Duration streamMaxDuration() {
        return Duration.ofSeconds(30);
    }

    /** How often the service sends a keep-alive comment on a stream; positive. */
    @Value.Default
    public Duration keepAlive() {
        return Duration.ofSeconds(10);
    }

    /** Reads per session on the free plan, 1 to 1,000,000. */
    @Value.Default
    int freePollCap() {
        return 60;
    }

    /** Reads per session on the premium plan, 1 to 1,000,000. */
    @Value.Default
    int premiumPollCap() {
        return 150;
    }

    /** Reads per session on a plan. */
    public int pollCap(DockPlan plan) {
        return plan == DockPlan.PREMIUM ? premiumPollCap() : freePollCap();
    }

    @Value.Check
    void check() {
        Require.positive("sessionLifetime", sessionLifetime());
        Require.between("createBurst", createBurst(), 1, 1000);
        Require.positive("createRefill", createRefill());
        Require.fillTime("createRefill", createBurst(), createRefill());
        Require.positive("minPollInterval", minPollInterval());
        Require.positive("maxWait", maxWait());
        if (maxWait().getNano() != 0) {
            throw new ValidationException("maxWait", "must be whole seconds (the service takes ?wait= in seconds)");
        }
        Require.present("holdSpread", holdSpread());
        if (holdSpread().isNegative() || holdSpread().compareTo(maxWait()) >= 0 || holdSpread().getNano() != 0) {
            throw new ValidationException("holdSpread", "must be whole seconds, zero or more and less than maxWait ("
                    + maxWait().toSeconds() + " s)");
        }
        Require.positive("streamMaxDuration", streamMaxDuration());
        Require.positive("keepAlive", keepAlive());
        Require.between("freePollCap", freePollCap(), 1, 1_000_000);
        Require.between("premiumPollCap", premiumPollCap(), 1, 1_000_000);
    }

    /**
     * Builds {@link DockGuardrails}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range, {@code null} included.
     */
    public static final class Builder extends DockGuardrailsValue.Builder {
        Builder() {}
    }
}
