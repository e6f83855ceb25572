package dev.verifykit.spring;

import dev.verifykit.http.ClientBuilder;
import java.time.Duration;

/**
 * The HTTP settings every VerifyKit client has, under its service's prefix ({@code verifykit.dock.},
 * {@code verifykit.dokai.}, {@code verifykit.roblox.}). A setting left unset keeps the client's
 * default. Values are checked when the client is built; a refused one fails startup with a message
 * naming the property.
 */
public abstract class ClientProperties {
    /** The service's base URL (default: the production URL; required for Roblox, which has none). */
    private String baseUrl;

    /** How long a connection may take to open (client default 10 s). */
    private Duration connectTimeout;

    /** How long a read may wait for data (client default 30 s). */
    private Duration readTimeout;

    /**
     * How long one attempt of a call may take, from its start to the end of its body; each retry gets
     * as long again (client default 60 s).
     */
    private Duration callTimeout;

    /** How many times a call that may be retried is retried (client default: the retry policy's). */
    private Integer maxRetries;

    ClientProperties() {}

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** Sets on the builder each HTTP setting that was given. */
    void applyTo(ClientBuilder<?> builder) {
        VerifyKitAutoConfiguration.set(baseUrl, builder::baseUrl);
        VerifyKitAutoConfiguration.set(connectTimeout, builder::connectTimeout);
        VerifyKitAutoConfiguration.set(readTimeout, builder::readTimeout);
        VerifyKitAutoConfiguration.set(callTimeout, builder::callTimeout);
        VerifyKitAutoConfiguration.set(maxRetries, builder::maxRetries);
    }

    /** The HTTP settings, for toString. */
    String httpToString() {
        return "baseUrl=" + shownUrl(baseUrl) + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", callTimeout=" + callTimeout + ", maxRetries=" + maxRetries;
    }

    /**
     * A URL as toString shows it: any user-info ({@code user:password@}, which the clients refuse at
     * build) left out, since this text is shown whether a client was built or not. Everything between
     * the scheme (and its slashes) and the last {@code @} is left out, however the URL is written (one
     * slash, backslashes, a password holding {@code #} or {@code ?}); an {@code @} in a path costs only
     * what comes before it.
     */
    static String shownUrl(String url) {
        if (url == null) {
            return "null";
        }
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int start = userInfoStart(url, at);
        return url.substring(0, start) + "(user-info left out)@" + url.substring(at + 1);
    }

    /** A URL's user-info as {@link #shownUrl} leaves it out, or {@code null} when it has none. */
    static String userInfo(String url) {
        int at = url.lastIndexOf('@');
        return at < 0 ? null : url.substring(userInfoStart(url, at), at);
    }

    /** Where the user-info ending at {@code at} begins: after the scheme and its slashes. */
    private static int userInfoStart(String url, int at) {
        int colon = url.indexOf(':');
        int start = colon > 0 && colon < at && url.substring(0, colon).strip().matches("[A-Za-z][A-Za-z0-9+.-]*") ? colon + 1 : 0;
        while (start < at && (url.charAt(start) == '/' || url.charAt(start) == '\\')) {
            start++;
        }
        return start;
    }

    /** How a secret appears in toString: whether it is set, never its value. */
    static String secret(String value) {
        return value == null ? "null" : "(set)";
    }
}
