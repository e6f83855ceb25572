package dev.verifykit.http;

import dev.verifykit.error.ValidationException;
import dev.verifykit.http.internal.WaitThreads;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;
import org.immutables.value.Value;

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
@Input
@Value.Immutable
public abstract class HttpSettings {
    HttpSettings() {}

    /** The defaults: the service's production URL, 10 s connect, 30 s read, 60 s call timeouts. */
    public static HttpSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public abstract Builder toBuilder();

    /**
     * The base URL when one was set; otherwise the service's production URL is used. {@code https},
     * or {@code http} on a loopback host (for the mock server); checked when the client is built.
     */
    public abstract Optional<String> baseUrl();

    /**
     * The caller's OkHttp client the SDK derives its own from, sharing its connection pool, when
     * one was given; its dispatcher is not used for waits.
     */
    public abstract Optional<OkHttpClient> okHttpClient();

    /** Connect timeout of every request; positive. */
    @Value.Default
    public Duration connectTimeout() {
        return Duration.ofSeconds(10);
    }

    /** Read timeout of a request; a long-poll adds its hold to it. Positive. */
    @Value.Default
    public Duration readTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Timeout of one attempt of a call, from start to the end of its body; a long-poll adds its
     * hold. Positive.
     */
    @Value.Default
    public Duration callTimeout() {
        return Duration.ofSeconds(60);
    }

    /** How failed requests are retried. */
    @Value.Default
    public RetryPolicy retryPolicy() {
        return RetryPolicy.defaults();
    }

    /** Time, sleeps and delayed tasks; a {@link dev.verifykit.time.VirtualScheduler} in tests. */
    @Value.Default
    public Scheduler scheduler() {
        return Scheduler.system();
    }

    /**
     * The executor that runs waiting calls (long-polls, streams), when the caller supplied one. The
     * caller keeps ownership: closing the client does not shut it down. Without one, the client
     * owns an executor that starts a virtual thread per waiting call on Java 21+, and a cached
     * pool of daemon platform threads on Java 17 to 20 (each held call then occupies one thread).
     */
    public abstract Optional<ExecutorService> waitExecutor();

    /**
     * How many waiting calls may be in flight at once, to one host or in all (1 to 100,000); by
     * default 16,384 when waits run on virtual threads (Java 21+, no {@link #waitExecutor()} given),
     * else 4,096.
     */
    @Value.Default
    public int maxConcurrentWaits() {
        return waitExecutor().isEmpty() && WaitThreads.virtual() ? 16_384 : 4096;
    }

    /**
     * The largest response body accepted (4 MiB by default, at least 1 KiB), a larger one being a
     * malformed response; for an event stream, the longest line (a longer one drops the stream).
     */
    @Value.Default
    public long maxResponseBytes() {
        return 4L << 20;
    }

    @Value.Check
    void check() {
        Require.positive("connectTimeout", connectTimeout());
        Require.positive("readTimeout", readTimeout());
        Require.positive("callTimeout", callTimeout());
        Require.present("retryPolicy", retryPolicy());
        Require.present("scheduler", scheduler());
        Require.between("maxConcurrentWaits", maxConcurrentWaits(), 1, 100_000);
        if (maxResponseBytes() < 1024) {
            throw new ValidationException("maxResponseBytes", "must be at least 1024 (was " + maxResponseBytes() + ")");
        }
    }

    /**
     * Builds {@link HttpSettings}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range ({@code null} included; an
     * optional value set to {@code null} is unset).
     */
    public static final class Builder extends HttpSettingsValue.Builder {
        Builder() {}
    }
}
