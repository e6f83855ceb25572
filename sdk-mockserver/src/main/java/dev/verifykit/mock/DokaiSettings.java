package dev.verifykit.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The guardrails, credentials and webhook behaviour of the mock's Dokai service. Every value
 * defaults to the documented behaviour of the real service (sessions live 24 hours, webhooks
 * only to HTTPS URLs on allowed domains), except that loopback {@code http} webhook URLs are
 * allowed so tests can receive deliveries. No other domain is allowed until a test names it
 * ({@link Builder#allowedWebhookDomains(String...)}): by default the mock sends webhooks to this
 * machine only, never to a host on the network.
 *
 * <pre>{@code
 * DokaiSettings dokai = DokaiSettings.builder()
 *     .sessionLifetime(Duration.ofSeconds(2))
 *     .deliveryDelays(Duration.ofMillis(50))
 *     .deliveryTimeout(Duration.ofMillis(500))
 *     .signatureScheme(DokaiSettings.SignatureScheme.TIMESTAMPED)
 *     .build();
 * MockServer server = MockServer.start(MockSettings.builder().dokai(dokai).build());
 * }</pre>
 */
public final class DokaiSettings {

    /**
     * How webhook deliveries are signed in {@code X-Dokai-Signature}.
     *
     * <pre>{@code
     * DokaiSettings.builder().signatureScheme(DokaiSettings.SignatureScheme.TIMESTAMPED).build();
     * }</pre>
     */
    public enum SignatureScheme {
        /** The lower-case hex HMAC-SHA256 of the raw body, keyed with the webhook secret. */
        PLAIN,
        /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">}. */
        TIMESTAMPED;

        /** The flag spelling: {@code plain} or {@code timestamped}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The scheme named {@code text} ({@code plain} or {@code timestamped}, any case).
         *
         * @throws IllegalArgumentException for any other name
         */
        public static SignatureScheme parse(String text) {
            for (SignatureScheme scheme : values()) {
                if (scheme.wireName().equalsIgnoreCase(Objects.requireNonNull(text, "text").trim())) {
                    return scheme;
                }
            }
            throw new IllegalArgumentException("signature scheme must be plain or timestamped: " + text);
        }
    }

    private final String apiKey;
    private final String otherApiKey;
    private final String noKycApiKey;
    private final String webhookSecret;
    private final Duration sessionLifetime;
    private final List<String> allowedWebhookDomains;
    private final boolean allowLoopbackHttpWebhooks;
    private final SignatureScheme signatureScheme;
    private final int deliveryAttempts;
    private final List<Duration> deliveryDelays;
    private final Duration deliveryTimeout;

    private DokaiSettings(Builder b) {
        this.apiKey = b.apiKey;
        this.otherApiKey = b.otherApiKey;
        this.noKycApiKey = b.noKycApiKey;
        this.webhookSecret = b.webhookSecret;
        this.sessionLifetime = b.sessionLifetime;
        this.allowedWebhookDomains = b.allowedWebhookDomains;
        this.allowLoopbackHttpWebhooks = b.allowLoopbackHttpWebhooks;
        this.signatureScheme = b.signatureScheme;
        this.deliveryAttempts = b.deliveryAttempts;
        this.deliveryDelays = b.deliveryDelays;
        this.deliveryTimeout = b.deliveryTimeout;
    }

    /** The documented behaviour and the default test credentials. */
    public static DokaiSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The API key with the {@code kyc_verification} feature; default {@code dk_test_mock}. */
    public String apiKey() { return apiKey; }

    /**
     * A second key with the {@code kyc_verification} feature, of another account: it cannot see
     * the sessions of {@link #apiKey()} (404) and the other way round; default {@code dk_test_other}.
     */
    public String otherApiKey() { return otherApiKey; }

    /** A key whose plan lacks {@code kyc_verification} (403 {@code feature_not_enabled}); default {@code dk_test_nokyc}. */
    public String noKycApiKey() { return noKycApiKey; }

    /** The secret webhook deliveries are signed with; default {@code whsec_mock}. */
    public String webhookSecret() { return webhookSecret; }

    /** How long a session can be completed after creation; default 24 hours. */
    public Duration sessionLifetime() { return sessionLifetime; }

    /**
     * Domains an HTTPS {@code webhook_url} may point at, lower case; {@code *.example.com} allows
     * every subdomain of {@code example.com}; default none, so that only loopback URLs (see
     * {@link #allowLoopbackHttpWebhooks()}) receive deliveries.
     */
    public List<String> allowedWebhookDomains() { return allowedWebhookDomains; }

    /** Whether {@code http} and {@code https} URLs on 127.0.0.0/8, {@code ::1} or {@code localhost} are allowed; default true. */
    public boolean allowLoopbackHttpWebhooks() { return allowLoopbackHttpWebhooks; }

    /** How deliveries are signed; default {@link SignatureScheme#PLAIN}. */
    public SignatureScheme signatureScheme() { return signatureScheme; }

    /** Attempts per webhook delivery, the first included; default 3. */
    public int deliveryAttempts() { return deliveryAttempts; }

    /**
     * The waits before the second, third, … attempt; the last one repeats when there are more
     * attempts than delays; default {@code [1s, 5s]}.
     */
    public List<Duration> deliveryDelays() { return deliveryDelays; }

    /** The longest one delivery attempt may take (connect, send and answer); default 5 seconds. */
    public Duration deliveryTimeout() { return deliveryTimeout; }

    @Override
    public String toString() {
        return "DokaiSettings{sessionLifetime=" + sessionLifetime + ", allowedWebhookDomains=" + allowedWebhookDomains
                + ", allowLoopbackHttpWebhooks=" + allowLoopbackHttpWebhooks
                + ", signatureScheme=" + signatureScheme.wireName() + ", deliveryAttempts=" + deliveryAttempts
                + ", deliveryDelays=" + deliveryDelays + ", deliveryTimeout=" + deliveryTimeout + "}";
    }

    /**
     * Builds {@link DokaiSettings}; every setter rejects values the mock cannot honour
     * (non-positive durations and counts, blank credentials, malformed domains).
     *
     * <pre>{@code
     * DokaiSettings dokai = DokaiSettings.builder().deliveryAttempts(5).build();
     * }</pre>
     */
    public static final class Builder {
        private String apiKey = "dk_test_mock";
        private String otherApiKey = "dk_test_other";
        private String noKycApiKey = "dk_test_nokyc";
        private String webhookSecret = "whsec_mock";
        private Duration sessionLifetime = Duration.ofHours(24);
        private List<String> allowedWebhookDomains = List.of();
        private boolean allowLoopbackHttpWebhooks = true;
        private SignatureScheme signatureScheme = SignatureScheme.PLAIN;
        private int deliveryAttempts = 3;
        private List<Duration> deliveryDelays = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));
        private Duration deliveryTimeout = Duration.ofSeconds(5);

        private Builder() {
        }

        private Builder(DokaiSettings s) {
            apiKey = s.apiKey;
            otherApiKey = s.otherApiKey;
            noKycApiKey = s.noKycApiKey;
            webhookSecret = s.webhookSecret;
            sessionLifetime = s.sessionLifetime;
            allowedWebhookDomains = s.allowedWebhookDomains;
            allowLoopbackHttpWebhooks = s.allowLoopbackHttpWebhooks;
            signatureScheme = s.signatureScheme;
            deliveryAttempts = s.deliveryAttempts;
            deliveryDelays = s.deliveryDelays;
            deliveryTimeout = s.deliveryTimeout;
        }

        /** Sets {@link DokaiSettings#apiKey()}. */
        public Builder apiKey(String value) { apiKey = text("apiKey", value); return this; }

        /** Sets {@link DokaiSettings#otherApiKey()}. */
        public Builder otherApiKey(String value) { otherApiKey = text("otherApiKey", value); return this; }

        /** Sets {@link DokaiSettings#noKycApiKey()}. */
        public Builder noKycApiKey(String value) { noKycApiKey = text("noKycApiKey", value); return this; }

        /** Sets {@link DokaiSettings#webhookSecret()}. */
        public Builder webhookSecret(String value) { webhookSecret = text("webhookSecret", value); return this; }

        /** Sets {@link DokaiSettings#sessionLifetime()}; must be positive. */
        public Builder sessionLifetime(Duration value) { sessionLifetime = positive("sessionLifetime", value); return this; }

        /** Sets {@link DokaiSettings#allowedWebhookDomains()}; may be empty; entries are host names or {@code *.domain}. */
        public Builder allowedWebhookDomains(List<String> value) {
            Objects.requireNonNull(value, "allowedWebhookDomains");
            List<String> out = new ArrayList<>();
            for (String domain : value) {
                Objects.requireNonNull(domain, "allowedWebhookDomains entry");
                String d = domain.trim().toLowerCase(Locale.ROOT);
                String bare = d.startsWith("*.") ? d.substring(2) : d;
                if (bare.isEmpty() || !bare.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
                    throw new IllegalArgumentException("allowedWebhookDomains entries must be host names like "
                            + "hooks.example.com or *.example.com: " + domain);
                }
                out.add(d);
            }
            allowedWebhookDomains = List.copyOf(out);
            return this;
        }

        /** Sets {@link DokaiSettings#allowedWebhookDomains()}. */
        public Builder allowedWebhookDomains(String... value) {
            return allowedWebhookDomains(List.of(value));
        }

        /** Sets {@link DokaiSettings#allowLoopbackHttpWebhooks()}. */
        public Builder allowLoopbackHttpWebhooks(boolean value) { allowLoopbackHttpWebhooks = value; return this; }

        /** Sets {@link DokaiSettings#signatureScheme()}. */
        public Builder signatureScheme(SignatureScheme value) {
            signatureScheme = Objects.requireNonNull(value, "signatureScheme");
            return this;
        }

        /** Sets {@link DokaiSettings#deliveryAttempts()}; must be positive. */
        public Builder deliveryAttempts(int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("deliveryAttempts must be positive: " + value);
            }
            deliveryAttempts = value;
            return this;
        }

        /** Sets {@link DokaiSettings#deliveryDelays()}; at least one, none negative. */
        public Builder deliveryDelays(List<Duration> value) {
            Objects.requireNonNull(value, "deliveryDelays");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("deliveryDelays must name at least one delay");
            }
            for (Duration d : value) {
                Objects.requireNonNull(d, "deliveryDelays entry");
                if (d.isNegative()) {
                    throw new IllegalArgumentException("deliveryDelays must not be negative: " + d);
                }
            }
            deliveryDelays = List.copyOf(value);
            return this;
        }

        /** Sets {@link DokaiSettings#deliveryDelays()}. */
        public Builder deliveryDelays(Duration... value) {
            return deliveryDelays(List.of(value));
        }

        /** Sets {@link DokaiSettings#deliveryTimeout()}; must be positive. */
        public Builder deliveryTimeout(Duration value) { deliveryTimeout = positive("deliveryTimeout", value); return this; }

        /** The settings; fails when two of the API keys are equal. */
        public DokaiSettings build() {
            if (apiKey.equals(otherApiKey) || apiKey.equals(noKycApiKey) || otherApiKey.equals(noKycApiKey)) {
                throw new IllegalArgumentException("apiKey, otherApiKey and noKycApiKey must all differ");
            }
            return new DokaiSettings(this);
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static String text(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(name + " must be printable ASCII without spaces: " + value);
            }
            return value;
        }
    }
}
