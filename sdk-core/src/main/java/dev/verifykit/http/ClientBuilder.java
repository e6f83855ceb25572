package dev.verifykit.http;

import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;

/**
 * The HTTP options every client builder has. Each service's builder adds its credentials.
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder()
 *         .apiKey(System.getenv("DOCK_API_KEY"))
 *         .baseUrl("http://localhost:8080/dock")   // the mock server
 *         .maxRetries(3)
 *         .build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {
    private HttpSettings.Builder http = HttpSettings.builder();

    /** For subclasses. */
    protected ClientBuilder() {}

    /** This builder, typed as the subclass. */
    protected abstract B self();

    /** The HTTP settings as set so far. */
    protected final HttpSettings httpSettings() {
        return http.build();
    }

    /** Replaces every HTTP setting at once, e.g. to share one configuration between clients. */
    public B httpSettings(HttpSettings settings) {
        http = settings.toBuilder();
        return self();
    }

    /** See {@link HttpSettings.Builder#baseUrl}. */
    public B baseUrl(String value) {
        http.baseUrl(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#okHttpClient}. */
    public B okHttpClient(OkHttpClient value) {
        http.okHttpClient(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#connectTimeout}. */
    public B connectTimeout(Duration value) {
        http.connectTimeout(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#readTimeout}. */
    public B readTimeout(Duration value) {
        http.readTimeout(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#callTimeout}. */
    public B callTimeout(Duration value) {
        http.callTimeout(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#retryPolicy}. */
    public B retryPolicy(RetryPolicy value) {
        http.retryPolicy(value);
        return self();
    }

    /** Sets the retry policy's {@link RetryPolicy#maxRetries()}, keeping its other values. */
    public B maxRetries(int value) {
        http.retryPolicy(http.build().retryPolicy().toBuilder().maxRetries(value).build());
        return self();
    }

    /** See {@link HttpSettings.Builder#scheduler}. */
    public B scheduler(Scheduler value) {
        http.scheduler(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#waitExecutor}. */
    public B waitExecutor(ExecutorService value) {
        http.waitExecutor(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#maxConcurrentWaits}. */
    public B maxConcurrentWaits(int value) {
        http.maxConcurrentWaits(value);
        return self();
    }

    /** See {@link HttpSettings.Builder#maxResponseBytes}. */
    public B maxResponseBytes(long value) {
        http.maxResponseBytes(value);
        return self();
    }
}
