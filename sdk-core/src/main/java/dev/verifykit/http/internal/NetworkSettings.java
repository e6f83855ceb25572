package dev.verifykit.http.internal;

import dev.verifykit.http.HttpSettings;
import java.io.IOException;
import java.net.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.Authenticator;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * The network settings of {@link HttpSettings} (proxy and its authentication, TLS, pool size) put
 * onto the OkHttp client the transport derives. The proxy password is held only as the
 * {@code Proxy-Authorization} value, a {@link Secret} the transport's redactor masks.
 */
final class NetworkSettings {
    /** OkHttp's own defaults, kept for what is not set. */
    static final int DEFAULT_MAX_IDLE = 5;
    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);

    private final HttpSettings settings;
    private final Secret proxyAuthorization;
    private final Secret proxyPassword;
    /** The Basic credential without its scheme word: the base64 of {@code user:password}, the password encoded. */
    private final Secret proxyCredential;

    NetworkSettings(HttpSettings settings) {
        this.settings = settings;
        PasswordAuthentication auth = settings.proxyAuthentication().orElse(null);
        this.proxyPassword = auth == null ? null : Secret.of(new String(auth.getPassword()));
        this.proxyAuthorization = auth == null ? null
                : Secret.of(okhttp3.Credentials.basic(auth.getUserName(), proxyPassword.reveal(), StandardCharsets.UTF_8));
        // without its padding, which an echo may drop: masked, a padded one keeps only the '='
        this.proxyCredential = auth == null ? null
                : Secret.of(proxyAuthorization.reveal().substring(proxyAuthorization.reveal().indexOf(' ') + 1)
                        .replaceAll("=+$", ""));
    }

    /**
     * The values to keep out of messages and logs: the password, the header that carries it, and its
     * credential alone (a proxy refusing it may echo it without the scheme word).
     */
    List<Secret> secrets() {
        return proxyAuthorization == null ? List.of() : List.of(proxyPassword, proxyAuthorization, proxyCredential);
    }

    /**
     * Sets what was set on the builder, derived from {@code base}. A proxy authenticator of
     * {@code base}'s is kept with its proxy, but asked only about the proxy's own 407s, as the one
     * {@code proxyAuthentication} makes: a service's 407 inside the tunnel is the call's answer, never
     * a cue to send it the proxy's credentials (and the request a second time).
     *
     * @return the connection pool made for the client, to evict when it closes, or {@code null}
     */
    ConnectionPool apply(OkHttpClient.Builder builder, OkHttpClient base) {
        settings.proxy().ifPresent(builder::proxy);
        if (proxyAuthorization != null) {
            builder.proxyAuthenticator(new ProxyAuthenticator(proxyAuthorization));
        } else if (base.proxyAuthenticator() != Authenticator.NONE) {
            builder.proxyAuthenticator(new ProxysOwn(base.proxyAuthenticator()));
        }
        if (settings.sslSocketFactory().isPresent()) {
            builder.sslSocketFactory(settings.sslSocketFactory().get(), settings.trustManager().orElseThrow());
        }
        if (settings.maxIdleConnections().isEmpty() && settings.connectionKeepAlive().isEmpty()) {
            return null;
        }
        ConnectionPool pool = new ConnectionPool(settings.maxIdleConnections().orElse(DEFAULT_MAX_IDLE),
                keepAlive().toNanos(), TimeUnit.NANOSECONDS);
        builder.connectionPool(pool);
        return pool;
    }

    /** How long an idle connection is kept. */
    Duration keepAlive() {
        return settings.connectionKeepAlive().orElse(DEFAULT_KEEP_ALIVE);
    }

    /**
     * Answers a proxy's 407 with the Basic credentials, once: a proxy that refuses them again gets
     * no second try (its 407 becomes the call's answer, or OkHttp's failure to tunnel). An HTTPS
     * call's 407 is the proxy's only when it answers the tunnel's {@code CONNECT}; one that comes
     * through the tunnel is the service's (OkHttp hands both here), and gets nothing.
     */
    private record ProxyAuthenticator(Secret authorization) implements Authenticator {
        @Override
        public Request authenticate(Route route, Response response) {
            Request refused = response.request();
            if (refused.header("Proxy-Authorization") != null || !fromTheProxy(refused)) {
                return null;
            }
            return refused.newBuilder().header("Proxy-Authorization", authorization.reveal()).build();
        }
    }

    /** The caller's client's proxy authenticator, asked only about the proxy's own 407s. */
    private record ProxysOwn(Authenticator callers) implements Authenticator {
        @Override
        public Request authenticate(Route route, Response response) throws IOException {
            return fromTheProxy(response.request()) ? callers.authenticate(route, response) : null;
        }
    }

    /**
     * Whether a 407 to {@code refused} may be the proxy's: an HTTPS call's is only when it answers the
     * tunnel's {@code CONNECT}; one that comes through the tunnel is the service's.
     */
    private static boolean fromTheProxy(Request refused) {
        return !refused.isHttps() || "CONNECT".equals(refused.method());
    }
}
