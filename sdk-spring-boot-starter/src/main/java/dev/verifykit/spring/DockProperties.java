package dev.verifykit.spring;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockPlan;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code verifykit.dock.*}: the {@link DockClient} bean (made when {@code verifykit.dock.api-key} has
 * text) and the browser relay. {@link #toString()} never shows the API key.
 */
@ConfigurationProperties(prefix = "verifykit.dock", ignoreUnknownFields = false)
public class DockProperties extends ClientProperties {
    /** The Dock API key; the client is made only when it is set. Secret: never logged or shown. */
    private String apiKey;

    /** The plan of the key, which sets the poll cap (default free). */
    private DockPlan plan;

    /** How long a create may wait for a token of the client-side create bucket (client default 30 s; 0 fails at once). */
    private Duration createTokenWait;

    /** Dock's guardrails as the client keeps them; change them only for a service configured differently. */
    private final Guardrails guardrails = new Guardrails();

    /** The browser relay for Dock session streams (needs verifykit-servlet and verifykit-sse). */
    private final Relay relay = new Relay();

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public DockPlan getPlan() {
        return plan;
    }

    public void setPlan(DockPlan plan) {
        this.plan = plan;
    }

    public Duration getCreateTokenWait() {
        return createTokenWait;
    }

    public void setCreateTokenWait(Duration createTokenWait) {
        this.createTokenWait = createTokenWait;
    }

    public Guardrails getGuardrails() {
        return guardrails;
    }

    public Relay getRelay() {
        return relay;
    }

    @Override
    public String toString() {
        return "DockProperties[apiKey=" + secret(apiKey) + ", plan=" + plan + ", createTokenWait=" + createTokenWait
                + ", " + httpToString() + ", guardrails=" + guardrails + ", relay=" + relay + "]";
    }

    /** {@code verifykit.dock.guardrails.*}: each unset value keeps the documented one ({@link DockGuardrails}). */
    public static class Guardrails {
        /** How long a session stays pending at most (documented: 5 minutes). */
        private Duration sessionLifetime;

        /** Creates allowed at once per API key (documented: 6). */
        private Integer createBurst;

        /** How often one create token is added back (documented: 10 s). */
        private Duration createRefill;

        /** The least time between two reads of one session (documented: 2 s). */
        private Duration minPollInterval;

        /** The longest a long-poll may be held, whole seconds (documented: 25 s). */
        private Duration maxWait;

        /** How much shorter a wait's first long-poll may hold, whole seconds (default: half of maxWait). */
        private Duration holdSpread;

        /** The longest the service keeps a stream open (documented: 30 s). */
        private Duration streamMaxDuration;

        /** How often the service sends a keep-alive on a stream (documented: 10 s). */
        private Duration keepAlive;

        public Duration getSessionLifetime() {
            return sessionLifetime;
        }

        public void setSessionLifetime(Duration sessionLifetime) {
            this.sessionLifetime = sessionLifetime;
        }

        public Integer getCreateBurst() {
            return createBurst;
        }

        public void setCreateBurst(Integer createBurst) {
            this.createBurst = createBurst;
        }

        public Duration getCreateRefill() {
            return createRefill;
        }

        public void setCreateRefill(Duration createRefill) {
            this.createRefill = createRefill;
        }

        public Duration getMinPollInterval() {
            return minPollInterval;
        }

        public void setMinPollInterval(Duration minPollInterval) {
            this.minPollInterval = minPollInterval;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public Duration getHoldSpread() {
            return holdSpread;
        }

        public void setHoldSpread(Duration holdSpread) {
            this.holdSpread = holdSpread;
        }

        public Duration getStreamMaxDuration() {
            return streamMaxDuration;
        }

        public void setStreamMaxDuration(Duration streamMaxDuration) {
            this.streamMaxDuration = streamMaxDuration;
        }

        public Duration getKeepAlive() {
            return keepAlive;
        }

        public void setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }

        /** The guardrails: the documented ones with each set value replaced; checked by build(). */
        DockGuardrails toGuardrails() {
            DockGuardrails.Builder builder = DockGuardrails.builder();
            VerifyKitAutoConfiguration.set(sessionLifetime, builder::sessionLifetime);
            VerifyKitAutoConfiguration.set(createBurst, builder::createBurst);
            VerifyKitAutoConfiguration.set(createRefill, builder::createRefill);
            VerifyKitAutoConfiguration.set(minPollInterval, builder::minPollInterval);
            VerifyKitAutoConfiguration.set(maxWait, builder::maxWait);
            VerifyKitAutoConfiguration.set(holdSpread, builder::holdSpread);
            VerifyKitAutoConfiguration.set(streamMaxDuration, builder::streamMaxDuration);
            VerifyKitAutoConfiguration.set(keepAlive, builder::keepAlive);
            return builder.build();
        }

        @Override
        public String toString() {
            return "[sessionLifetime=" + sessionLifetime + ", createBurst=" + createBurst + ", createRefill="
                    + createRefill + ", minPollInterval=" + minPollInterval + ", maxWait=" + maxWait
                    + ", holdSpread=" + holdSpread + ", streamMaxDuration=" + streamMaxDuration + ", keepAlive=" + keepAlive + "]";
        }
    }

    /**
     * {@code verifykit.dock.relay.*}: the browser relay ({@code DockRelayServlet}), registered when
     * enabled, in a servlet web application, with verifykit-servlet and verifykit-sse on the class path
     * and a {@code RelayAuthorizer} bean.
     */
    public static class Relay {
        /** Whether to register the relay (default false). */
        private boolean enabled;

        /** Where browsers open session streams: this path, then /SESSION-ID/events. */
        private String path = "/verifykit/dock/sessions";

        /** How often a keep-alive comment is sent to each browser (relay default 15 s). */
        private Duration keepAlive;

        /** The SSE "retry:" field sent to browsers, in whole milliseconds: at least 1 ms (relay default 3 s). */
        private Duration retry;

        /** The most bytes queued for one browser, 1 KiB to 16 MiB (relay default 256 KiB). */
        private Integer maxBufferedBytes;

        /** The most sessions relayed at once (relay default 1000); browsers of more are answered 503. */
        private Integer maxSessions;

        /** The most browsers following one session at once (relay default 8); more are answered 503. */
        private Integer maxBrowsersPerSession;

        /** The most browsers connected at once over all sessions (relay default 4000); more are answered 503. */
        private Integer maxBrowsers;

        /** The most bytes the ended sessions kept for reconnecting browsers hold together, at least 1 KiB (relay default 64 MiB). */
        private Integer maxEndedBytes;

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

        public Duration getKeepAlive() {
            return keepAlive;
        }

        public void setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }

        public Duration getRetry() {
            return retry;
        }

        public void setRetry(Duration retry) {
            this.retry = retry;
        }

        public Integer getMaxBufferedBytes() {
            return maxBufferedBytes;
        }

        public void setMaxBufferedBytes(Integer maxBufferedBytes) {
            this.maxBufferedBytes = maxBufferedBytes;
        }

        public Integer getMaxSessions() {
            return maxSessions;
        }

        public void setMaxSessions(Integer maxSessions) {
            this.maxSessions = maxSessions;
        }

        public Integer getMaxBrowsersPerSession() {
            return maxBrowsersPerSession;
        }

        public void setMaxBrowsersPerSession(Integer maxBrowsersPerSession) {
            this.maxBrowsersPerSession = maxBrowsersPerSession;
        }

        public Integer getMaxBrowsers() {
            return maxBrowsers;
        }

        public void setMaxBrowsers(Integer maxBrowsers) {
            this.maxBrowsers = maxBrowsers;
        }

        public Integer getMaxEndedBytes() {
            return maxEndedBytes;
        }

        public void setMaxEndedBytes(Integer maxEndedBytes) {
            this.maxEndedBytes = maxEndedBytes;
        }

        @Override
        public String toString() {
            return "[enabled=" + enabled + ", path=" + path + ", keepAlive=" + keepAlive + ", retry=" + retry
                    + ", maxBufferedBytes=" + maxBufferedBytes + ", maxSessions=" + maxSessions
                    + ", maxBrowsersPerSession=" + maxBrowsersPerSession + ", maxBrowsers=" + maxBrowsers
                    + ", maxEndedBytes=" + maxEndedBytes + "]";
        }
    }
}
