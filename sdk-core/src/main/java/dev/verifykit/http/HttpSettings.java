package dev.verifykit.http;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Require;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;

/**
 * The HTTP settings every VerifyKit client has, set through its builder (see
 * {@link ClientBuilder}). Immutable.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder()
 *         .apiKey(key)
 *         .okHttpClient(sharedOkHttp)          // share pools and threads with the rest of the app
 *         .readTimeout(Duration.ofSeconds(15))
 *         .build();
 * }</pre>
 */
public final class HttpSettings {
    private final String baseUrl;
    private final OkHttpClient okHttpClient;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;
    private final RetryPolicy retryPolicy;
    private final Scheduler scheduler;
    private final ExecutorService waitExecutor;
    private final int maxConcurrentWaits;
    private final long maxResponseBytes;

    private HttpSettings(Builder b) {
        this.baseUrl = b.baseUrl;
        this.okHttpClient = b.okHttpClient;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.callTimeout = b.callTimeout;
        this.retryPolicy = b.retryPolicy;
        this.scheduler = b.scheduler;
        this.waitExecutor = b.waitExecutor;
        this.maxConcurrentWaits = b.maxConcurrentWaits;
        this.maxResponseBytes = b.maxResponseBytes;
    }

    /** The defaults: the service's production URL, 10 s connect, 30 s read, 60 s call timeouts. */
    public static HttpSettings defaults() {
        return new Builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL when one was set; otherwise the service's production URL is used. */
    public Optional<String> baseUrl() {
        return Optional.ofNullable(baseUrl);
    }

    /** The caller's OkHttp client the SDK derives its own from, when one was given. */
    public Optional<OkHttpClient> okHttpClient() {
        return Optional.ofNullable(okHttpClient);
    }

    /** Connect timeout of every request. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Read timeout of a request; a long-poll adds its hold to it. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Timeout of one attempt of a call, from start to the end of its body; a long-poll adds its hold. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** How failed requests are retried. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Time, sleeps and delayed tasks. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The executor that runs waiting calls (long-polls, streams), when the caller supplied one. */
    public Optional<ExecutorService> waitExecutor() {
        return Optional.ofNullable(waitExecutor);
    }

    /** How many waiting calls may be in flight at once, to one host or in all. */
    public int maxConcurrentWaits() {
        return maxConcurrentWaits;
    }

    /**
     * The largest response body accepted, a larger one being a malformed response; for an event
     * stream, the longest line (a longer one drops the stream).
     */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.okHttpClient = okHttpClient;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.callTimeout = callTimeout;
        b.retryPolicy = retryPolicy;
        b.scheduler = scheduler;
        b.waitExecutor = waitExecutor;
        b.maxConcurrentWaits = maxConcurrentWaits;
        b.maxResponseBytes = maxResponseBytes;
        return b;
    }

    /** Builds {@link HttpSettings}; every setter checks its value at once. */
    public static final class Builder {
        private String baseUrl;
        private OkHttpClient okHttpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Scheduler scheduler = Scheduler.system();
        private ExecutorService waitExecutor;
        private int maxConcurrentWaits = 4096;
        private long maxResponseBytes = 4L << 20;

        private Builder() {}

        /**
         * The service's base URL: {@code https}, or {@code http} on a loopback host (for the mock
         * server). Checked when the client is built.
         */
        public Builder baseUrl(String value) {
            this.baseUrl = Objects.requireNonNull(value, "baseUrl");
            return this;
        }

        /** An OkHttp client to derive from, sharing its connection pool; its dispatcher is not used for waits. */
        public Builder okHttpClient(OkHttpClient value) {
            this.okHttpClient = Objects.requireNonNull(value, "okHttpClient");
            return this;
        }

        /** Connect timeout; positive. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Require.positive("connectTimeout", value);
            return this;
        }

        /** Read timeout; positive. */
        public Builder readTimeout(Duration value) {
            this.readTimeout = Require.positive("readTimeout", value);
            return this;
        }

        /** Timeout of one attempt; positive. */
        public Builder callTimeout(Duration value) {
            this.callTimeout = Require.positive("callTimeout", value);
            return this;
        }

        /** How failed requests are retried. */
        public Builder retryPolicy(RetryPolicy value) {
            this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
            return this;
        }

        /** Time, sleeps and delayed tasks; a {@link dev.verifykit.time.VirtualScheduler} in tests. */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * The executor that runs waiting calls, e.g. {@code Executors.newVirtualThreadPerTaskExecutor()}
         * on Java 21+. The caller keeps ownership: closing the client does not shut it down.
         */
        public Builder waitExecutor(ExecutorService value) {
            this.waitExecutor = Objects.requireNonNull(value, "waitExecutor");
            return this;
        }

        /** How many waiting calls may be in flight at once (1 to 100,000). */
        public Builder maxConcurrentWaits(int value) {
            this.maxConcurrentWaits = Require.between("maxConcurrentWaits", value, 1, 100_000);
            return this;
        }

        /** The largest response body accepted (4 MiB by default, at least 1 KiB); for an event stream, the longest line. */
        public Builder maxResponseBytes(long value) {
            if (value < 1024) {
                throw new ValidationException("maxResponseBytes", "must be at least 1024 (was " + value + ")");
            }
            this.maxResponseBytes = value;
            return this;
        }

        /** The settings. */
        public HttpSettings build() {
            return new HttpSettings(this);
        }
    }
}
