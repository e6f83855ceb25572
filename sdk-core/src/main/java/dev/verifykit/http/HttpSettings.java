package dev.verifykit.http;

import dev.verifykit.error.ValidationException;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.http.internal.WaitThreads;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import dev.verifykit.time.Scheduler;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
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
     * one was given; its dispatcher is not used for waits. Its proxy, TLS and interceptors are kept
     * (its proxy authenticator is asked only about the proxy's own 407s: a service's, inside an HTTPS
     * tunnel, is the call's answer and never gets the proxy's credentials);
     * the network settings below, when set, override the same ones of this client. Its authenticator
     * is not (a service's 401 is the call's answer, never a cue to send other credentials), nor its
     * {@code retryOnConnectionFailure}: each attempt is one request on the wire, and only the
     * {@link RetryPolicy} sends one again.
     */
    public abstract Optional<OkHttpClient> okHttpClient();

    /**
     * The proxy every request goes through ({@code HTTP} or {@code SOCKS}), when one was set;
     * otherwise the caller's {@link #okHttpClient()}'s, or the JVM's {@link java.net.ProxySelector}.
     */
    public abstract Optional<Proxy> proxy();

    /**
     * The user name and password answered, as HTTP Basic, to a proxy that asks for them (HTTP 407),
     * when set; asked once per connection, never sent to the service. The password is a secret:
     * {@code toString()}, messages and logs never show it. A user name must not be blank or hold
     * {@code ':'}; both must be printable ASCII. The settings keep a copy of the one given, so that
     * zeroing its password afterwards (as its Javadoc asks) changes nothing. Only an HTTP proxy asks so: with a SOCKS
     * {@link #proxy()} (or the {@link #okHttpClient()}'s) it is refused, since the JVM's socket code
     * answers a SOCKS proxy with the JVM-wide {@link java.net.Authenticator}'s credentials, never these.
     */
    @Value.Redacted
    public abstract Optional<PasswordAuthentication> proxyAuthentication();

    /**
     * The socket factory of TLS connections, when set (with {@link #trustManager()}, which checks
     * the servers' certificates): for a private CA, a corporate TLS-inspecting proxy's root, or a
     * narrower set of roots than the JVM's.
     */
    public abstract Optional<SSLSocketFactory> sslSocketFactory();

    /** The trust manager of {@link #sslSocketFactory()}; set together with it. */
    public abstract Optional<X509TrustManager> trustManager();

    /**
     * The most idle connections kept for ordinary calls (0 to 10,000), when set; otherwise the
     * caller's client's pool, or OkHttp's default of 5. Setting it (or {@link #connectionKeepAlive()})
     * gives the client a pool of its own, not shared with the caller's {@link #okHttpClient()}.
     * Waits (long-polls, streams) have pools of their own (one per 256 of {@link #maxConcurrentWaits()},
     * rounded down to a power of two, at most 64), keeping 32 idle connections over all of them, but at least 2 in each (so 64 with
     * 32 pools, 128 with 64, the default on Java 21+).
     */
    public abstract Optional<Integer> maxIdleConnections();

    /**
     * How long an idle connection is kept for reuse (positive), in both pools; 5 minutes when unset.
     * The Roblox RPC clients set 4 s when it is unset (their server closes a connection idle for
     * 5 s), so they keep a pool of their own even beside {@link #okHttpClient()}.
     */
    public abstract Optional<Duration> connectionKeepAlive();

    /**
     * Connect timeout of every request; at least 1 ms (OkHttp counts whole milliseconds, and 0 is no
     * timeout to it), at most 2,147,483,647 ms (OkHttp's longest).
     */
    @Value.Default
    public Duration connectTimeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * Read timeout of a request; a long-poll adds its hold to it. It is the write timeout too (the
     * longest a write of the request may wait on the connection). At least 1 ms, at most 2,147,483,647 ms
     * (OkHttp's longest).
     */
    @Value.Default
    public Duration readTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Timeout of one attempt of a call, from start (the host name's lookup included) to the end of
     * its body; a long-poll adds its hold. At least 1 ms, at most 2,147,483,647 ms (OkHttp's longest).
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
     * The same executor runs an asynchronous Dock wait's calls to a guardrail store of your own
     * (Redis; not the in-memory one), so that a slow store never holds up the client's timer thread:
     * give it more threads than {@link #maxConcurrentWaits()}, since a wait's step queued behind held
     * calls in your executor's own queue is not timed (RELIABILITY.md, known limits).
     */
    public abstract Optional<ExecutorService> waitExecutor();

    /**
     * How many waiting calls may be in flight at once, to one host or in all (1 to 100,000); by
     * default 16,384 when waits run on virtual threads (Java 21+, no {@link #waitExecutor()} given),
     * else 4,096. Waiting calls are an asynchronous wait's long-polls and stream opens, and asynchronous
     * calls; more wait in a queue for a free slot, and a wait's deadline holds there too. A blocking
     * wait's long-poll (and a read with a wait) runs on its caller's thread and is not counted: the
     * threads that make such calls bound them. Settings given to a client's builder
     * ({@code httpSettings(shared)}) with this at its default value keep following the executor the
     * client is built with.
     */
    @Value.Default
    public int maxConcurrentWaits() {
        return defaultWaitCap(waitExecutor().isPresent());
    }

    /** {@link #maxConcurrentWaits()}'s default, with or without a {@code waitExecutor} of the caller's. */
    static int defaultWaitCap(boolean callersExecutor) {
        return !callersExecutor && WaitThreads.virtual() ? 16_384 : 4096;
    }

    /**
     * The largest response body accepted (4 MiB by default, at least 1 KiB), a larger one being a
     * malformed response (refused from its {@code Content-Length} before it is read, when it
     * declares one; counted after decompressing a gzip body); for an event stream, the longest line
     * (a longer one drops the stream).
     */
    @Value.Default
    public long maxResponseBytes() {
        return 4L << 20;
    }

    /**
     * Who hears what the client does ({@link VerifyKitListener}): none by default. Each is told in
     * turn and isolated from the others' failures; one listed more than once is told once.
     */
    public abstract List<VerifyKitListener> listeners();

    /**
     * The proxy credentials settings made for themselves, copies of those given: a
     * {@link PasswordAuthentication} hands out its own array, which its caller is asked to zero once done
     * with it. Identity, weakly held.
     */
    private static final Set<PasswordAuthentication> OWN_CREDENTIALS =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /**
     * The copy last made of each caller's credentials (a {@link PasswordAuthentication} is equal only to
     * itself: keyed by identity, weakly held), handed again while they hold the same values, so that
     * settings built twice from them are equal.
     */
    private static final Map<PasswordAuthentication, PasswordAuthentication> COPIES = new WeakHashMap<>();

    /**
     * Checks the settings and, when the proxy credentials are the caller's object, returns these settings
     * with a copy of them: the caller zeroing its password after {@code build()} changed the built settings.
     */
    @Value.Check
    HttpSettings checked() {
        check();
        PasswordAuthentication given = proxyAuthentication().orElse(null);
        if (given == null || OWN_CREDENTIALS.contains(given)) {
            return this;
        }
        PasswordAuthentication own;
        synchronized (COPIES) {
            own = COPIES.get(given);
            if (own == null || !own.getUserName().equals(given.getUserName())
                    || !Arrays.equals(own.getPassword(), given.getPassword())) {
                own = new PasswordAuthentication(given.getUserName(), given.getPassword()); // copies it
                OWN_CREDENTIALS.add(own);
                COPIES.put(given, own);
            }
        }
        return toBuilder().proxyAuthentication(own).build();
    }

    private void check() {
        proxyAuthentication().ifPresent(HttpSettings::checkProxyAuthentication);
        Proxy effective = proxy().orElse(okHttpClient().map(OkHttpClient::proxy).orElse(null));
        if (proxyAuthentication().isPresent() && effective != null && effective.type() == Proxy.Type.SOCKS) {
            // OkHttp answers only an HTTP proxy's 407; the JVM answers a SOCKS proxy with its own Authenticator
            throw new ValidationException("proxyAuthentication", "is answered only to an HTTP proxy's 407; a SOCKS"
                    + " proxy gets the credentials of the JVM-wide java.net.Authenticator: set them there");
        }
        if (sslSocketFactory().isPresent() != trustManager().isPresent()) {
            throw new ValidationException(sslSocketFactory().isPresent() ? "trustManager" : "sslSocketFactory",
                    "must be set together with " + (sslSocketFactory().isPresent() ? "sslSocketFactory" : "trustManager"));
        }
        maxIdleConnections().ifPresent(n -> Require.between("maxIdleConnections", n, 0, 10_000));
        connectionKeepAlive().ifPresent(d -> Require.positive("connectionKeepAlive", d));
        Require.httpTimeout("connectTimeout", connectTimeout());
        Require.httpTimeout("readTimeout", readTimeout());
        Require.httpTimeout("callTimeout", callTimeout());
        Require.present("retryPolicy", retryPolicy());
        Require.present("scheduler", scheduler());
        Require.between("maxConcurrentWaits", maxConcurrentWaits(), 1, 100_000);
        listeners().forEach(listener -> Require.present("listeners", listener));
        if (maxResponseBytes() < 1024) {
            throw new ValidationException("maxResponseBytes", "must be at least 1024 (was " + maxResponseBytes() + ")");
        }
    }

    private static void checkProxyAuthentication(PasswordAuthentication authentication) {
        String user = Require.headerSafe("proxyAuthentication.username", authentication.getUserName());
        if (user.isBlank() || user.indexOf(':') >= 0) {
            throw new ValidationException("proxyAuthentication.username", "must not be blank or contain ':'");
        }
        Require.headerSafe("proxyAuthentication.password", new String(authentication.getPassword()));
    }

    /**
     * Builds {@link HttpSettings}. The values are checked by {@code build()}, which throws a
     * {@link ValidationException} naming the first one out of range ({@code null} included; an
     * optional value set to {@code null} is unset). A whole list given to {@code listeners} or
     * {@code addAllListeners} must not itself be {@code null}: that throws
     * {@link NullPointerException} at once.
     */
    public static final class Builder extends HttpSettingsValue.Builder {
        Builder() {}
    }
}
