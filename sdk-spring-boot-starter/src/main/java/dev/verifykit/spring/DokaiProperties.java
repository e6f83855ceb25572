package dev.verifykit.spring;

import dev.verifykit.dokai.DokaiClient;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code verifykit.dokai.*}: the {@link DokaiClient} bean (made when {@code verifykit.dokai.api-key}
 * has text) and the webhook endpoint. {@link #toString()} never shows the API key or the webhook
 * secrets.
 */
@ConfigurationProperties(prefix = "verifykit.dokai", ignoreUnknownFields = false)
public class DokaiProperties extends ClientProperties {
    /** The Dokai API key (dk_live_... or dk_test_...); the client is made only when it is set. Secret. */
    private String apiKey;

    /** The first interval between reads of an await (client default 2 s); it grows by half each time. */
    private Duration initialPollInterval;

    /** The longest interval between reads of an await (client default 30 s). */
    private Duration maxPollInterval;

    /** How long sessions live (client default 24 h). */
    private Duration sessionLifetime;

    /** The webhook endpoint. */
    private final Webhook webhook = new Webhook();

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public Duration getInitialPollInterval() {
        return initialPollInterval;
    }

    public void setInitialPollInterval(Duration initialPollInterval) {
        this.initialPollInterval = initialPollInterval;
    }

    public Duration getMaxPollInterval() {
        return maxPollInterval;
    }

    public void setMaxPollInterval(Duration maxPollInterval) {
        this.maxPollInterval = maxPollInterval;
    }

    public Duration getSessionLifetime() {
        return sessionLifetime;
    }

    public void setSessionLifetime(Duration sessionLifetime) {
        this.sessionLifetime = sessionLifetime;
    }

    public Webhook getWebhook() {
        return webhook;
    }

    @Override
    public String toString() {
        return "DokaiProperties[apiKey=" + secret(apiKey) + ", initialPollInterval=" + initialPollInterval
                + ", maxPollInterval=" + maxPollInterval + ", sessionLifetime=" + sessionLifetime + ", "
                + httpToString() + ", webhook=" + webhook + "]";
    }

    /**
     * {@code verifykit.dokai.webhook.*}: the {@code WebhookVerifier} bean and, in a servlet web
     * application with verifykit-servlet on the class path, the endpoint ({@code WebhookServlet})
     * calling your {@code WebhookHandler} bean.
     */
    public static class Webhook {
        /** Whether to make the verifier and register the endpoint (default false). */
        private boolean enabled;

        /** Where Dokai posts deliveries (given with a trailing /, served with and without it). */
        private String path = "/verifykit/dokai/webhook";

        /** The webhook signing secret. Secret: never logged or shown. */
        private String secret;

        /** More signing secrets, accepted as well (while rotating). Secret. */
        private List<String> secrets = new ArrayList<>();

        /**
         * How far a delivery's t= timestamp may be from the clock (verifier default 5 minutes), at
         * most 1 hour. A bare number is seconds, as t= is (300 is 5 minutes; write 300ms for
         * milliseconds).
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration tolerance;

        /** The largest body accepted (verifier default 1 MiB); a larger one is answered 413. */
        private Integer maxBodyBytes;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public List<String> getSecrets() {
            return secrets;
        }

        public void setSecrets(List<String> secrets) {
            this.secrets = secrets;
        }

        public Duration getTolerance() {
            return tolerance;
        }

        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }

        public Integer getMaxBodyBytes() {
            return maxBodyBytes;
        }

        public void setMaxBodyBytes(Integer maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public String toString() {
            return "[enabled=" + enabled + ", path=" + path + ", secret=" + secret(secret) + ", secrets="
                    + (secrets == null ? "null" : secrets.size() + " set") + ", tolerance=" + tolerance
                    + ", maxBodyBytes=" + maxBodyBytes + "]";
        }
    }
}
