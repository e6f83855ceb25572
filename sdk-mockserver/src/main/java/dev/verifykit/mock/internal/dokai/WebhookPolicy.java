package dev.verifykit.mock.internal.dokai;

import dev.verifykit.mock.DokaiSettings;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/** Which {@code webhook_url}s a session may be created with. */
final class WebhookPolicy {

    private static final Pattern ABSOLUTE = Pattern.compile("(?i)https?://[^\\s\\\\]+");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");

    private WebhookPolicy() {
    }

    /**
     * Whether {@code url} is an absolute HTTPS URL on an allowed domain, or (when the settings allow
     * it) an {@code http} or {@code https} URL on a loopback host.
     */
    static boolean allows(DokaiSettings settings, String url) {
        if (!ABSOLUTE.matcher(url).matches()) {
            return false;
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return false;
        }
        String host = parsed.host();
        if (settings.allowLoopbackHttpWebhooks() && isLoopback(host)) {
            return true;
        }
        return parsed.isHttps() && domainAllowed(settings, host);
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || LOOPBACK_V4.matcher(host).matches();
    }

    private static boolean domainAllowed(DokaiSettings settings, String host) {
        for (String domain : settings.allowedWebhookDomains()) {
            if (domain.startsWith("*.") ? host.endsWith(domain.substring(1)) : host.equals(domain)) {
                return true;
            }
        }
        return false;
    }
}
