package dev.verifykit.http;

import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.internal.Require;
import dev.verifykit.time.Scheduler;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The HTTP options every client builder has. Each service's builder adds its credentials. The
 * values are checked when the client is built: {@code build()} throws a
 * {@link dev.verifykit.error.ValidationException} naming the first one refused.
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
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Integer maxRetries;
    private final List<VerifyKitListener> listeners = new ArrayList<>();
    /** Set by {@link #httpSettings(HttpSettings)} given {@code null}: refused by {@code build()}. */
    private boolean settingsMissing;
    /** Set by {@link #proxyAuthentication}, checked and applied by {@code build()}. */
    private boolean proxyCredentialsGiven;
    private String proxyUsername;
    private String proxyPassword;
    /**
     * Whether {@code maxConcurrentWaits} came from {@link #httpSettings(HttpSettings)} at its default
     * value, and so follows these settings' executor: a copy keeps a default as a value set (16,384
     * with the client's virtual threads, then handed to an executor of the application's own).
     */
    private boolean waitCapAtDefault;
    /** Whether the settings so far have a {@code waitExecutor} of the caller's. */
    private boolean executorGiven;

    /** For subclasses. */
    protected ClientBuilder() {}

    /** This builder, typed as the subclass. */
    protected abstract B self();

    /**
     * The HTTP settings as set so far.
     *
     * @throws dev.verifykit.error.ValidationException naming the first setting out of range
     */
    protected final HttpSettings httpSettings() {
        if (settingsMissing) {
            Require.present("httpSettings", null);
        }
        if (proxyCredentialsGiven) {
            Require.present("proxyAuthentication.username", proxyUsername);
            Require.present("proxyAuthentication.password", proxyPassword);
            http.proxyAuthentication(new PasswordAuthentication(proxyUsername, proxyPassword.toCharArray()));
        }
        Require.present("retryPolicy", retryPolicy);
        RetryPolicy policy = maxRetries == null ? retryPolicy : retryPolicy.toBuilder().maxRetries(maxRetries).build();
        for (VerifyKitListener listener : listeners) {
            Require.present("listener", listener);
        }
        if (waitCapAtDefault) {
            http.maxConcurrentWaits(HttpSettings.defaultWaitCap(executorGiven));
        }
        return http.retryPolicy(policy).listeners(listeners).build();
    }

    /** Replaces every HTTP setting at once, e.g. to share one configuration between clients. */
    public B httpSettings(HttpSettings settings) {
        proxyCredentialsGiven = false;
        proxyUsername = null;
        proxyPassword = null;
        settingsMissing = settings == null;
        if (settingsMissing) {
            return self();
        }
        http = settings.toBuilder();
        executorGiven = settings.waitExecutor().isPresent();
        waitCapAtDefault = settings.maxConcurrentWaits() == HttpSettings.defaultWaitCap(executorGiven);
        retryPolicy = settings.retryPolicy();
        maxRetries = null;
        listeners.clear();
        listeners.addAll(settings.listeners());
        return self();
    }

    /** Sets {@link HttpSettings#baseUrl()}. */
    public B baseUrl(String value) {
        http.baseUrl(value);
        return self();
    }

    /** Sets {@link HttpSettings#okHttpClient()}. */
    public B okHttpClient(OkHttpClient value) {
        http.okHttpClient(value);
        return self();
    }

    /** Sets {@link HttpSettings#proxy()}, e.g. {@code new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.corp", 3128))}. */
    public B proxy(Proxy value) {
        http.proxy(value);
        return self();
    }

    /**
     * Sets {@link HttpSettings#proxyAuthentication()}: the user name and password answered to a
     * proxy that asks for them. The password is never shown by messages, logs or {@code toString()}.
     */
    public B proxyAuthentication(String username, String password) {
        proxyCredentialsGiven = true;
        proxyUsername = username;
        proxyPassword = password;
        return self();
    }

    /**
     * Sets {@link HttpSettings#sslSocketFactory()} and {@link HttpSettings#trustManager()}: the TLS
     * of every connection, e.g. from an {@code SSLContext} initialised with your CA's trust manager.
     */
    public B sslSocketFactory(SSLSocketFactory factory, X509TrustManager trustManager) {
        http.sslSocketFactory(factory);
        http.trustManager(trustManager);
        return self();
    }

    /**
     * Sets {@link HttpSettings#maxIdleConnections()} and {@link HttpSettings#connectionKeepAlive()}:
     * the size of the client's own pool of connections for ordinary calls.
     */
    public B connectionPool(int maxIdleConnections, Duration keepAlive) {
        http.maxIdleConnections(maxIdleConnections);
        http.connectionKeepAlive(keepAlive);
        return self();
    }

    /** Sets {@link HttpSettings#connectTimeout()}. */
    public B connectTimeout(Duration value) {
        http.connectTimeout(value);
        return self();
    }

    /** Sets {@link HttpSettings#readTimeout()}. */
    public B readTimeout(Duration value) {
        http.readTimeout(value);
        return self();
    }

    /** Sets {@link HttpSettings#callTimeout()}. */
    public B callTimeout(Duration value) {
        http.callTimeout(value);
        return self();
    }

    /** Sets {@link HttpSettings#retryPolicy()}. */
    public B retryPolicy(RetryPolicy value) {
        retryPolicy = value;
        maxRetries = null;
        return self();
    }

    /** Sets the retry policy's {@link RetryPolicy#maxRetries()}, keeping its other values. */
    public B maxRetries(int value) {
        maxRetries = value;
        return self();
    }

    /** Sets {@link HttpSettings#scheduler()}. */
    public B scheduler(Scheduler value) {
        http.scheduler(value);
        return self();
    }

    /** Sets {@link HttpSettings#waitExecutor()}. */
    public B waitExecutor(ExecutorService value) {
        http.waitExecutor(value);
        executorGiven = value != null;
        return self();
    }

    /** Sets {@link HttpSettings#maxConcurrentWaits()}. */
    public B maxConcurrentWaits(int value) {
        http.maxConcurrentWaits(value);
        waitCapAtDefault = false;
        return self();
    }

    /** Sets {@link HttpSettings#maxResponseBytes()}. */
    public B maxResponseBytes(long value) {
        http.maxResponseBytes(value);
        return self();
    }

    /**
     * Adds a listener that sees every call, retry, wait, stream and create-bucket wait of the
     * client ({@link HttpSettings#listeners()}); each call adds one more, and one added again (directly or
     * inside {@link VerifyKitListener#of}) is still told once.
     */
    public B listener(VerifyKitListener value) {
        listeners.add(value);
        return self();
    }
}
