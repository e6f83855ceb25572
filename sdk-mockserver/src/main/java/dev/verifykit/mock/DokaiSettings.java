package dev.verifykit.mock;

import dev.verifykit.mock.internal.settings.Check;
import dev.verifykit.mock.internal.settings.FlagType;
import dev.verifykit.mock.internal.settings.Setting;
import dev.verifykit.mock.internal.settings.SettingValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

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
public final class DokaiSettings extends SettingsObject {

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

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    static final Setting<String> API_KEY = Setting.key("apiKey", "dk_test_mock").secret()
            .flag("--dokai-api-key", "the API key with kyc_verification");
    static final Setting<String> OTHER_API_KEY = Setting.key("otherApiKey", "dk_test_other").secret()
            .flag("--dokai-other-api-key", "a second kyc_verification key of another account");
    static final Setting<String> NO_KYC_API_KEY = Setting.key("noKycApiKey", "dk_test_nokyc").secret()
            .flag("--dokai-no-kyc-api-key", "a key without kyc_verification");
    static final Setting<String> WEBHOOK_SECRET = Setting.key("webhookSecret", "whsec_mock").secret()
            .flag("--dokai-webhook-secret", "the webhook signing secret");
    static final Setting<Duration> SESSION_LIFETIME = Setting.duration("sessionLifetime", Duration.ofHours(24))
            .check(Check.POSITIVE).flag("--dokai-session-lifetime", "how long a session can be completed");
    static final Setting<List<String>> ALLOWED_WEBHOOK_DOMAINS = Setting.of("allowedWebhookDomains", List.<String>of(),
            FlagType.LIST).check(DokaiSettings::hostNames).flag("--dokai-allowed-webhook-domains",
            "comma-separated webhook domains, *.d for subdomains; empty for none (the default: loopback only)");
    static final Setting<Boolean> ALLOW_LOOPBACK_HTTP_WEBHOOKS = Setting.bool("allowLoopbackHttpWebhooks", true)
            .flag("--dokai-allow-loopback-http-webhooks", "allow webhook URLs on 127.0.0.0/8, ::1, localhost");
    static final Setting<SignatureScheme> SIGNATURE_SCHEME = Setting.of("signatureScheme", SignatureScheme.PLAIN,
            FlagType.choice("SCHEME", SignatureScheme.values()))
            .flag("--dokai-signature-scheme", "plain or timestamped X-Dokai-Signature");
    static final Setting<Integer> DELIVERY_ATTEMPTS = Setting.count("deliveryAttempts", 3)
            .flag("--dokai-delivery-attempts", "webhook attempts, the first included");
    static final Setting<List<Duration>> DELIVERY_DELAYS = Setting.of("deliveryDelays",
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(5)), FlagType.DURATIONS).check(DokaiSettings::delays)
            .flag("--dokai-delivery-delays", "comma-separated waits before each retry; the last repeats");
    static final Setting<Duration> DELIVERY_TIMEOUT = Setting.duration("deliveryTimeout", Duration.ofSeconds(5))
            .check(Check.POSITIVE).check(Check.HTTP_TIMEOUT)
            .flag("--dokai-delivery-timeout", "longest one webhook attempt may take");

    static final SettingValues DEFAULTS = SettingValues.defaults("DokaiSettings", API_KEY, OTHER_API_KEY,
            NO_KYC_API_KEY, WEBHOOK_SECRET, SESSION_LIFETIME, ALLOWED_WEBHOOK_DOMAINS, ALLOW_LOOPBACK_HTTP_WEBHOOKS,
            SIGNATURE_SCHEME, DELIVERY_ATTEMPTS, DELIVERY_DELAYS, DELIVERY_TIMEOUT);

    private DokaiSettings(SettingValues values) {
        super(values);
    }

    /** The documented behaviour and the default test credentials. */
    public static DokaiSettings defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /** The API key with the {@code kyc_verification} feature; default {@code dk_test_mock}. */
    public String apiKey() { return values.get(API_KEY); }

    /**
     * A second key with the {@code kyc_verification} feature, of another account: it cannot see
     * the sessions of {@link #apiKey()} (404) and the other way round; default {@code dk_test_other}.
     */
    public String otherApiKey() { return values.get(OTHER_API_KEY); }

    /** A key whose plan lacks {@code kyc_verification} (403 {@code feature_not_enabled}); default {@code dk_test_nokyc}. */
    public String noKycApiKey() { return values.get(NO_KYC_API_KEY); }

    /** The secret webhook deliveries are signed with; default {@code whsec_mock}. */
    public String webhookSecret() { return values.get(WEBHOOK_SECRET); }

    /** How long a session can be completed after creation; default 24 hours. */
    public Duration sessionLifetime() { return values.get(SESSION_LIFETIME); }

    /**
     * Domains an HTTPS {@code webhook_url} may point at, lower case; {@code *.example.com} allows
     * every subdomain of {@code example.com}; default none, so that only loopback URLs (see
     * {@link #allowLoopbackHttpWebhooks()}) receive deliveries.
     */
    public List<String> allowedWebhookDomains() { return values.get(ALLOWED_WEBHOOK_DOMAINS); }

    /** Whether {@code http} and {@code https} URLs on 127.0.0.0/8, {@code ::1} or {@code localhost} are allowed; default true. */
    public boolean allowLoopbackHttpWebhooks() { return values.get(ALLOW_LOOPBACK_HTTP_WEBHOOKS); }

    /** How deliveries are signed; default {@link SignatureScheme#PLAIN}. */
    public SignatureScheme signatureScheme() { return values.get(SIGNATURE_SCHEME); }

    /** Attempts per webhook delivery, the first included; default 3. */
    public int deliveryAttempts() { return values.get(DELIVERY_ATTEMPTS); }

    /**
     * The waits before the second, third, … attempt; the last one repeats when there are more
     * attempts than delays; default {@code [1s, 5s]}.
     */
    public List<Duration> deliveryDelays() { return values.get(DELIVERY_DELAYS); }

    /** The longest one delivery attempt may take (connect, send and answer); default 5 seconds. */
    public Duration deliveryTimeout() { return values.get(DELIVERY_TIMEOUT); }


    private static List<String> hostNames(String name, List<String> domains) {
        List<String> out = new ArrayList<>();
        for (String domain : domains) {
            Objects.requireNonNull(domain, name + " entry");
            String d = domain.trim().toLowerCase(Locale.ROOT);
            String bare = d.startsWith("*.") ? d.substring(2) : d;
            if (!HOST_NAME.matcher(bare).matches()) {
                throw new IllegalArgumentException(name + " entries must be host names like "
                        + "hooks.example.com or *.example.com: " + domain);
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static List<Duration> delays(String name, List<Duration> delays) {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException(name + " must name at least one delay");
        }
        for (Duration d : delays) {
            Check.notNegative(name, Objects.requireNonNull(d, name + " entry"));
        }
        return List.copyOf(delays);
    }

    /**
     * Builds {@link DokaiSettings}; every setter rejects values the mock cannot honour
     * (non-positive durations and counts, blank credentials, malformed domains).
     *
     * <pre>{@code
     * DokaiSettings dokai = DokaiSettings.builder().deliveryAttempts(5).build();
     * }</pre>
     */
    public static final class Builder extends SettingsObject.Builder<Builder> {
        Builder(SettingValues values) {
            super(values);
        }

        /** Sets {@link DokaiSettings#apiKey()}. */
        public Builder apiKey(String value) { return set(API_KEY, value); }

        /** Sets {@link DokaiSettings#otherApiKey()}. */
        public Builder otherApiKey(String value) { return set(OTHER_API_KEY, value); }

        /** Sets {@link DokaiSettings#noKycApiKey()}. */
        public Builder noKycApiKey(String value) { return set(NO_KYC_API_KEY, value); }

        /** Sets {@link DokaiSettings#webhookSecret()}. */
        public Builder webhookSecret(String value) { return set(WEBHOOK_SECRET, value); }

        /** Sets {@link DokaiSettings#sessionLifetime()}; must be positive. */
        public Builder sessionLifetime(Duration value) { return set(SESSION_LIFETIME, value); }

        /** Sets {@link DokaiSettings#allowedWebhookDomains()}; may be empty; entries are host names or {@code *.domain}. */
        public Builder allowedWebhookDomains(List<String> value) { return set(ALLOWED_WEBHOOK_DOMAINS, value); }

        /** Sets {@link DokaiSettings#allowedWebhookDomains()}. */
        public Builder allowedWebhookDomains(String... value) { return allowedWebhookDomains(List.of(value)); }

        /** Sets {@link DokaiSettings#allowLoopbackHttpWebhooks()}. */
        public Builder allowLoopbackHttpWebhooks(boolean value) { return set(ALLOW_LOOPBACK_HTTP_WEBHOOKS, value); }

        /** Sets {@link DokaiSettings#signatureScheme()}. */
        public Builder signatureScheme(SignatureScheme value) { return set(SIGNATURE_SCHEME, value); }

        /** Sets {@link DokaiSettings#deliveryAttempts()}; must be positive. */
        public Builder deliveryAttempts(int value) { return set(DELIVERY_ATTEMPTS, value); }

        /** Sets {@link DokaiSettings#deliveryDelays()}; at least one, none negative. */
        public Builder deliveryDelays(List<Duration> value) { return set(DELIVERY_DELAYS, value); }

        /** Sets {@link DokaiSettings#deliveryDelays()}. */
        public Builder deliveryDelays(Duration... value) { return deliveryDelays(List.of(value)); }

        /** Sets {@link DokaiSettings#deliveryTimeout()}; 1 ms to {@code Integer.MAX_VALUE} ms (about 24.8 days). */
        public Builder deliveryTimeout(Duration value) { return set(DELIVERY_TIMEOUT, value); }

        /** The settings; fails when two of the API keys are equal, naming those two. */
        public DokaiSettings build() {
            values.requireDistinct(API_KEY, OTHER_API_KEY, NO_KYC_API_KEY);
            return new DokaiSettings(values);
        }
    }
}
