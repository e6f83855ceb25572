package dev.verifykit.dokai;

import dev.verifykit.dokai.internal.DefaultDokaiClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.ClientBuilder;
import dev.verifykit.internal.Require;
import java.time.Duration;

/**
 * The Dokai client: hosted identity verification (document, selfie, liveness). Thread-safe;
 * create one per API key and share it.
 *
 * <pre>{@code
 * try (DokaiClient dokai = DokaiClient.builder().apiKey(System.getenv("DOKAI_API_KEY")).build()) {
 *     KycSession session = dokai.verifySessions().create(CreateKycSessionParams.none());
 *     redirect(session.url().orElseThrow());
 *     KycSession done = dokai.verifySessions().awaitResult(session.id());
 * }
 * }</pre>
 *
 * <p>An interface, so that your own tests can fake it.
 */
public interface DokaiClient extends AutoCloseable {
    /** The production base URL. */
    String DEFAULT_BASE_URL = "https://api.dokai.dev";

    /** A builder; {@link Builder#apiKey} is required. */
    static Builder builder() {
        return new Builder();
    }

    /** Hosted verification sessions. */
    VerifySessions verifySessions();

    /**
     * Ends the waits in progress ({@code WaitCancelledException}) and releases the threads and
     * connections the client owns. What your {@code Scheduler}'s timer throws as it is cancelled is
     * thrown by {@code close()} as it is, once every wait has ended and the client is closed.
     */
    @Override
    void close();

    /** Builds a {@link DokaiClient}. */
    final class Builder extends ClientBuilder<Builder> {
        private String apiKey;
        private Duration initialPollInterval = Duration.ofSeconds(2);
        private Duration maxPollInterval = Duration.ofSeconds(30);
        private Duration sessionLifetime = Duration.ofHours(24);

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Required: the API key ({@code dk_live_…} or {@code dk_test_…}), sent as a Bearer token. Never shown. */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /**
         * The first interval between reads of an await (default 2 s); it grows by half each time. The
         * least time between the starts of two reads of an await, after a failed read too, is 1 s, or
         * this interval when it is shorter (a test server's).
         */
        public Builder initialPollInterval(Duration value) {
            this.initialPollInterval = value;
            return this;
        }

        /** The longest interval between reads of an await (default 30 s). */
        public Builder maxPollInterval(Duration value) {
            this.maxPollInterval = value;
            return this;
        }

        /**
         * How long sessions live (default 24 h); set it to at least your sessions' lifetime at Dokai. It
         * bounds every wait, whatever its own timeout and the session's stated {@code expires_at}: a wait
         * ends at the latest this long after it began, plus a 5-s grace, the longest poll interval and
         * twice the call timeout, so that a wait begun with its session still makes its one read past the
         * session's end.
         */
        public Builder sessionLifetime(Duration value) {
            this.sessionLifetime = value;
            return this;
        }

        /**
         * The client.
         *
         * @throws ValidationException naming the first setting refused: the API key missing, blank or
         *     with a character an HTTP header cannot carry (control or non-ASCII) or a space (a
         *     {@code "Bearer "} prefix), a value out of range, the maximum poll interval below the
         *     initial one, or a base URL not allowed
         */
        public DokaiClient build() {
            String key = Require.bearerToken("apiKey", apiKey);
            Require.positive("initialPollInterval", initialPollInterval);
            Require.positive("maxPollInterval", maxPollInterval);
            Require.positive("sessionLifetime", sessionLifetime);
            if (maxPollInterval.compareTo(initialPollInterval) < 0) {
                // both named and shown as given: in whole milliseconds, 900 µs read "(0 ms)"
                throw new ValidationException("maxPollInterval", "must be at least the initial poll interval,"
                        + " initialPollInterval (" + Require.seconds(initialPollInterval) + " s; was "
                        + Require.seconds(maxPollInterval) + " s)");
            }
            return new DefaultDokaiClient(key, httpSettings(), initialPollInterval, maxPollInterval, sessionLifetime);
        }
    }
}
