package dev.verifykit.mock;

import dev.verifykit.mock.internal.fault.FaultSyntax;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the mock listens, which clock it reads, and the settings of each service.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-05-07T00:00:00Z"));
 * MockSettings settings = MockSettings.builder()
 *     .clock(clock)
 *     .dock(DockSettings.builder().minPollInterval(Duration.ZERO).build())
 *     .build();
 * }</pre>
 */
public final class MockSettings {

    private final String host;
    private final int port;
    private final Clock clock;
    private final DockSettings dock;
    private final RobloxSettings roblox;
    private final DokaiSettings dokai;
    private final int journalBodyLimit;
    private final List<String> faults;

    private MockSettings(Builder b) {
        this.journalBodyLimit = b.journalBodyLimit;
        this.faults = List.copyOf(b.faults);
        this.host = b.host;
        this.port = b.port;
        this.clock = b.clock;
        this.dock = b.dock;
        this.roblox = b.roblox;
        this.dokai = b.dokai;
    }

    /** Host {@code 127.0.0.1}, a free port, the system UTC clock and the documented limits. */
    public static MockSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The address to listen on; default {@code 127.0.0.1}. */
    public String host() { return host; }

    /** The port to listen on; 0 (the default) picks a free one. */
    public int port() { return port; }

    /** The clock behind expiry, buckets, intervals, retention and timestamps. */
    public Clock clock() { return clock; }

    /** The Dock service's settings. */
    public DockSettings dock() { return dock; }

    /** The Roblox code-verification RPC's settings. */
    public RobloxSettings roblox() { return roblox; }

    /** The Dokai service's settings. */
    public DokaiSettings dokai() { return dokai; }

    /** How many bytes of each request body the journal keeps; default 4096. */
    public int journalBodyLimit() { return journalBodyLimit; }

    /**
     * Fault rules in the compact syntax, added at start and again after every reset (flag
     * {@code --fault}, repeatable); default none.
     */
    public List<String> faults() { return faults; }

    @Override
    public String toString() {
        return "MockSettings{host=" + host + ", port=" + port + ", clock=" + clock + ", dock=" + dock + ", roblox=" + roblox
                + ", dokai=" + dokai + ", journalBodyLimit=" + journalBodyLimit + ", faults=" + faults + "}";
    }

    /**
     * Builds {@link MockSettings}.
     *
     * <pre>{@code
     * MockSettings settings = MockSettings.builder().port(8089).build();
     * }</pre>
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Clock clock = Clock.systemUTC();
        private DockSettings dock = DockSettings.defaults();
        private RobloxSettings roblox = RobloxSettings.defaults();
        private DokaiSettings dokai = DokaiSettings.defaults();
        private int journalBodyLimit = 4096;
        private final List<String> faults = new ArrayList<>();

        private Builder() {
        }

        private Builder(MockSettings s) {
            host = s.host;
            port = s.port;
            clock = s.clock;
            dock = s.dock;
            roblox = s.roblox;
            dokai = s.dokai;
            journalBodyLimit = s.journalBodyLimit;
            faults.addAll(s.faults);
        }

        /** Sets {@link MockSettings#host()}. */
        public Builder host(String value) {
            Objects.requireNonNull(value, "host");
            if (value.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            host = value;
            return this;
        }

        /** Sets {@link MockSettings#port()}; 0 to 65535. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + value);
            }
            port = value;
            return this;
        }

        /** Sets {@link MockSettings#clock()}; a {@link MutableClock} also wakes held reads when moved. */
        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Sets {@link MockSettings#dock()}. */
        public Builder dock(DockSettings value) {
            dock = Objects.requireNonNull(value, "dock");
            return this;
        }

        /** Sets {@link MockSettings#roblox()}. */
        public Builder roblox(RobloxSettings value) {
            roblox = Objects.requireNonNull(value, "roblox");
            return this;
        }

        /** Sets {@link MockSettings#dokai()}. */
        public Builder dokai(DokaiSettings value) {
            dokai = Objects.requireNonNull(value, "dokai");
            return this;
        }

        /** Sets {@link MockSettings#journalBodyLimit()}; 0 keeps no body. */
        public Builder journalBodyLimit(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("journalBodyLimit must be at least 0: " + value);
            }
            journalBodyLimit = value;
            return this;
        }

        /**
         * Adds a fault rule in the compact syntax to {@link MockSettings#faults()}, e.g.
         * {@code "POST /dock/v2/sessions respond status=503 times=1"}.
         *
         * @throws IllegalArgumentException when {@code rule} is not a rule
         */
        public Builder fault(String rule) {
            FaultSyntax.parse(rule);
            faults.add(rule.trim());
            return this;
        }

        /** The settings. */
        public MockSettings build() {
            return new MockSettings(this);
        }
    }
}
