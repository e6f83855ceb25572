package dev.verifykit.servlet;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * How a {@link DockRelay} serves browsers.
 *
 * <pre>{@code
 * RelaySettings settings = RelaySettings.builder()
 *         .keepAlive(Duration.ofSeconds(10))
 *         .maxSessions(200)
 *         .build();
 * DockRelay relay = DockRelay.create(DockSessionStreams.of(dock), settings);
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class RelaySettings {
    private static final RelaySettings DEFAULTS = builder().build();

    RelaySettings() {}

    /**
     * The defaults: keep-alive 15 s, retry 3 s, 256 KiB per browser, 1000 sessions, 8 browsers a
     * session and 4000 in all, ends kept 5 minutes, of 10,000 sessions and 64 MiB at most.
     */
    public static RelaySettings defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public abstract Builder toBuilder();

    /** How often a keep-alive comment is sent to each browser (which also finds browsers gone); positive, 15 s by default. */
    @Value.Default
    public Duration keepAlive() {
        return Duration.ofSeconds(15);
    }

    /**
     * The {@code retry:} sent to browsers: how long they wait before reconnecting, in whole
     * milliseconds; at least 1 ms, 3 s by default.
     */
    @Value.Default
    public Duration retry() {
        return Duration.ofSeconds(3);
    }

    /**
     * The most bytes queued for one browser, 1 KiB to 16 MiB (default 256 KiB); a browser that falls
     * further behind is disconnected, and reconnects with {@code Last-Event-ID}. A state larger than
     * this is still sent to a browser that has read everything before it, and to one connecting (the
     * queue then holds that state, about the size of Dock's answer, which the client bounds by its
     * {@code maxResponseBytes}). It bounds too the states kept for browsers that reconnect to a session
     * still relayed: its latest state, and older ones while they fit, with it, in this.
     */
    @Value.Default
    public int maxBufferedBytes() {
        return 256 * 1024;
    }

    /** The most sessions relayed at once, at least 1 (default 1000); browsers of more sessions are answered 503. */
    @Value.Default
    public int maxSessions() {
        return 1000;
    }

    /**
     * The most browsers following one session at once, at least 1 (default 8: a person's tabs);
     * more are answered 503. Each holds a connection and up to {@link #maxBufferedBytes()}.
     */
    @Value.Default
    public int maxBrowsersPerSession() {
        return 8;
    }

    /**
     * The most browsers connected at once over all sessions, at least 1 (default 4000); more are
     * answered 503. With {@link #maxBufferedBytes()} it bounds what the relay holds for browsers.
     */
    @Value.Default
    public int maxBrowsers() {
        return 4000;
    }

    /**
     * How long the end of a session (its last state, or why it could no longer be followed) is kept
     * for browsers that reconnect after it, on the scheduler's monotonic clock (a step of the wall
     * clock changes nothing); positive, 5 minutes by default. A passing failure (no
     * answer, a 5xx, an answer that was not Dock's) is not kept: the next browser opens the session again.
     */
    @Value.Default
    public Duration endedRetention() {
        return Duration.ofMinutes(5);
    }

    /** The most ended sessions kept, at least 1 (default 10,000); the oldest go first. */
    @Value.Default
    public int maxEndedSessions() {
        return 10_000;
    }

    /**
     * The most bytes the ended sessions kept hold together (their states as Dock sent them, unknown
     * fields included, and their ends), at least 1 KiB (default 64 MiB); the oldest go first, and an
     * end larger alone is not kept (the next browser opens the session again).
     */
    @Value.Default
    public int maxEndedBytes() {
        return 64 * 1024 * 1024;
    }

    /**
     * The options of each upstream wait (a {@code timeout} from its start, a listener); the service's
     * defaults by default. Every upstream the relay opens is given these same options, so an absolute
     * {@link WaitOptions#deadline()} (one instant for all of them, after which every session would end
     * as {@code timeout}) is refused.
     */
    @Value.Default
    public WaitOptions waitOptions() {
        return WaitOptions.defaults();
    }

    /**
     * The clock and timer of keep-alives and of the ended sessions' memory; {@link Scheduler#system()} by
     * default, with which each relay runs a timer of its own, ended by its {@code close()}.
     */
    @Value.Default
    public Scheduler scheduler() {
        return Scheduler.system();
    }

    @Value.Check
    void check() {
        Require.positive("keepAlive", keepAlive());
        Require.millis("retry", retry()); // sent in whole milliseconds: less would be "retry: 0"
        Require.between("maxBufferedBytes", maxBufferedBytes(), 1024, 16 * 1024 * 1024);
        Require.between("maxSessions", maxSessions(), 1, Integer.MAX_VALUE);
        Require.between("maxBrowsersPerSession", maxBrowsersPerSession(), 1, Integer.MAX_VALUE);
        Require.between("maxBrowsers", maxBrowsers(), 1, Integer.MAX_VALUE);
        Require.positive("endedRetention", endedRetention());
        Require.between("maxEndedSessions", maxEndedSessions(), 1, Integer.MAX_VALUE);
        Require.between("maxEndedBytes", maxEndedBytes(), 1024, Integer.MAX_VALUE);
        Require.present("waitOptions", waitOptions());
        if (waitOptions().deadline().isPresent()) {
            // one instant for every upstream of a long-lived relay: once past, each session ends "timeout"
            throw new ValidationException("waitOptions", "must not have a deadline (an instant every upstream"
                    + " would share); set a timeout, which counts from each upstream's start");
        }
        Require.present("scheduler", scheduler());
    }

    /**
     * Builds {@link RelaySettings}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range ({@code null} included).
     */
    public static final class Builder extends RelaySettingsValue.Builder {
        Builder() {}
    }
}
