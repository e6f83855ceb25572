package dev.verifykit.servlet;

import dev.verifykit.dock.SessionStreams;
import dev.verifykit.error.ValidationException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.servlet.internal.RelayRegistry;
import dev.verifykit.time.Scheduler;
import java.time.Duration;

/**
 * Follows Dock sessions for browsers, for {@link DockRelayServlet}: one upstream stream per session
 * however many browsers watch it (so a session's poll cap is spent once, not once per tab), opened
 * with the server-side client when the first browser arrives and closed when the last one leaves.
 * The upstream is the core's session stream: reopened with {@code Last-Event-ID} after Dock's 30-s
 * maximum, paced and counted against the poll cap, and falling back to long-polls when streaming
 * keeps failing, all invisible to the browsers.
 *
 * <p>Every browser connection has a bounded queue ({@link Builder#maxBufferedBytes}); a browser that
 * does not read is disconnected (it reconnects with {@code Last-Event-ID}). At most
 * {@link Builder#maxSessions} sessions are relayed at once; more are answered 503. Thread-safe;
 * build one per application (a bean) and {@link #close()} it on shutdown.
 *
 * <pre>{@code
 * DockRelay relay = DockRelay.builder()
 *         .streams(DockSessionStreams.of(dock))   // verifykit-sse
 *         .build();
 * }</pre>
 */
public final class DockRelay implements AutoCloseable {
    private final RelayRegistry registry;
    private final int maxBufferedBytes;

    private DockRelay(Builder builder) {
        this.registry = new RelayRegistry(builder.streams, builder.waitOptions, builder.scheduler, builder.keepAlive,
                builder.retry, builder.maxSessions, builder.endedRetention, builder.maxEndedSessions);
        this.maxBufferedBytes = builder.maxBufferedBytes;
    }

    /** A builder; {@link Builder#streams} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Sessions whose upstream is open now. */
    public int upstreams() {
        return registry.upstreams();
    }

    /** Browsers connected now, over all sessions. */
    public int browsers() {
        return registry.browsers();
    }

    /**
     * Closes every upstream and ends every browser's stream; later requests are answered 503. The
     * {@link SessionStreams} (and its client) are yours, and stay open.
     */
    @Override
    public void close() {
        registry.close();
    }

    RelayRegistry registry() {
        return registry;
    }

    int maxBufferedBytes() {
        return maxBufferedBytes;
    }

    @Override
    public String toString() {
        return "DockRelay[upstreams=" + upstreams() + ", browsers=" + browsers() + "]";
    }

    /**
     * Settings of a {@link DockRelay}. Each setter checks its value and throws a
     * {@link ValidationException} naming the setting; {@link #build()} checks that the streams are set.
     */
    public static final class Builder {
        private SessionStreams streams;
        private WaitOptions waitOptions = WaitOptions.defaults();
        private Scheduler scheduler = Scheduler.system();
        private Duration keepAlive = Duration.ofSeconds(15);
        private Duration retry = Duration.ofSeconds(3);
        private int maxBufferedBytes = 256 * 1024;
        private int maxSessions = 1000;
        private Duration endedRetention = Duration.ofMinutes(5);
        private int maxEndedSessions = 10_000;

        private Builder() {}

        /** Where sessions are followed: {@code DockSessionStreams.of(dock)} (verifykit-sse). Required. */
        public Builder streams(SessionStreams value) {
            streams = present("streams", value);
            return this;
        }

        /** The options of each upstream wait (a deadline, a listener); the service's defaults by default. */
        public Builder waitOptions(WaitOptions value) {
            waitOptions = present("waitOptions", value);
            return this;
        }

        /** The clock and timer of the keep-alives and of the ended-session memory; the system's by default. */
        public Builder scheduler(Scheduler value) {
            scheduler = present("scheduler", value);
            return this;
        }

        /** How often a keep-alive comment is sent to each browser (which also finds browsers gone); 15 s by default. */
        public Builder keepAlive(Duration value) {
            keepAlive = positive("keepAlive", value);
            return this;
        }

        /** The {@code retry:} sent to browsers: how long they wait before reconnecting; 3 s by default. */
        public Builder retry(Duration value) {
            retry = positive("retry", value);
            return this;
        }

        /** The most bytes queued for one browser, 1 KiB to 16 MiB (default 256 KiB). */
        public Builder maxBufferedBytes(int value) {
            maxBufferedBytes = between("maxBufferedBytes", value, 1024, 16 * 1024 * 1024);
            return this;
        }

        /** The most sessions relayed at once, from 1 (default 1000); more are answered 503. */
        public Builder maxSessions(int value) {
            maxSessions = between("maxSessions", value, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * How long the end of a session (its last state, or why it is no longer followed) is kept for
         * browsers that reconnect after it; 5 minutes by default.
         */
        public Builder endedRetention(Duration value) {
            endedRetention = positive("endedRetention", value);
            return this;
        }

        /** The most ended sessions kept, from 1 (default 10,000); the oldest go first. */
        public Builder maxEndedSessions(int value) {
            maxEndedSessions = between("maxEndedSessions", value, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * The relay.
         *
         * @throws ValidationException when {@link #streams} was not set
         */
        public DockRelay build() {
            present("streams", streams);
            return new DockRelay(this);
        }

        private static <T> T present(String field, T value) {
            if (value == null) {
                throw new ValidationException(field, "must not be null");
            }
            return value;
        }

        private static Duration positive(String field, Duration value) {
            present(field, value);
            if (value.isNegative() || value.isZero()) {
                throw new ValidationException(field, "must be positive (was " + value + ")");
            }
            return value;
        }

        private static int between(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw new ValidationException(field, "must be from " + min + " to " + max + " (was " + value + ")");
            }
            return value;
        }
    }
}
