package dev.verifykit.http.internal;

import dev.verifykit.error.ValidationException;
import java.net.InetAddress;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Checks a base URL: {@code https}, or {@code http} on a loopback host; no user-info, query or
 * fragment. Its parts check other URLs the SDK sends on (a Dokai webhook URL).
 */
public final class BaseUrls {
    private BaseUrls() {}

    public static HttpUrl parse(String value) {
        HttpUrl url = withoutUserInfo("baseUrl", secure("baseUrl", value), "the service",
                "; set credentials with the client's own setting (apiKey, verificationSecret)");
        if (url.query() != null || url.fragment() != null) {
            throw new ValidationException("baseUrl", "must not have a query or a fragment");
        }
        return url;
    }

    /**
     * An absolute URL that is {@code https}, or {@code http} on a loopback host (for tests).
     *
     * @throws ValidationException naming {@code field} otherwise
     */
    public static HttpUrl secure(String field, String value) {
        HttpUrl url = value == null ? null : HttpUrl.parse(value.trim());
        if (url == null) {
            throw new ValidationException(field, "must be an absolute http or https URL");
        }
        if (url.scheme().equals("http") && !isLoopback(url.host())) {
            throw new ValidationException(field,
                    "must use https; plain http is allowed only on a loopback host such as localhost (was host " + url.host() + ")");
        }
        return url;
    }

    /**
     * {@code url}, refused when it has user-info ({@code user:password@host}): a password in a URL
     * would be sent to {@code sentTo} and shown in messages and {@code toString()}. The rule never
     * quotes the URL.
     *
     * @param advice what to do instead, appended to the rule ({@code ""} for nothing)
     * @throws ValidationException naming {@code field} when it has user-info
     */
    public static HttpUrl withoutUserInfo(String field, HttpUrl url, String sentTo, String advice) {
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new ValidationException(field, "must not contain user-info (user:password@host): "
                    + "it would be sent to " + sentTo + " and shown in messages" + advice);
        }
        return url;
    }

    /**
     * {@code localhost} or a loopback address. Not the other {@code .localhost} names: RFC 6761 asks
     * resolvers to keep them on loopback, but the JVM's asks DNS, which may answer anything.
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException notAnAddress) {
            return false;
        }
    }
}
