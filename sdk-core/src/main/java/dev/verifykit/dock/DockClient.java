package dev.verifykit.dock;

import dev.verifykit.dock.internal.DefaultDockClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.ClientBuilder;
import dev.verifykit.http.RateLimitInfo;
import dev.verifykit.internal.Require;
import java.time.Duration;
import java.util.Optional;

/**
 * The Dock client. Thread-safe; create one per API key and share it. Close it to release its
 * threads and connections (unless you supplied your own {@code OkHttpClient}, which stays yours).
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder()
 *         .apiKey(System.getenv("DOCK_API_KEY"))
 *         .plan(DockPlan.PREMIUM)
 *         .build();
 * DockSession session = dock.sessions().create(CreateSessionParams.builder()
 *         .pid("PID-ABC12345").clientId("user_123").build());
 * }</pre>
 *
 * <p>An interface, so that your own tests can fake it.
 */
public interface DockClient extends AutoCloseable {
    /** The production base URL. */
    String DEFAULT_BASE_URL = "https://api.docksys.xyz";

    /** A builder; {@link Builder#apiKey} is required. */
    static Builder builder() {
        return new Builder();
    }

    /** Verification sessions. */
    DockSessions sessions();

    /** The plan this client paces reads for. */
    DockPlan plan();

    /** The guardrails this client keeps. */
    DockGuardrails guardrails();

    /**
     * The rate-limit figures of the latest session read or create whose response (an answer or a
     * refusal) had one of the five {@code X-RateLimit-*} headers (limit, remaining, reset and the day's
     * two; read when asked; empty when none of those it had was a number).
     */
    Optional<RateLimitInfo> lastRateLimit();

    /**
     * Cancels waits in flight and releases threads and connections the client owns. With a
     * guardrail store of your own, it waits for a store call in progress (which it interrupts) to
     * answer, at most 5 s, so that a read or create the store lets start just then is told back.
     * What your store throws as it is told of the reads the close ended (an {@code Error} of its
     * own), or your {@code Scheduler}'s timer as it is cancelled, is thrown by {@code close()} as it
     * is, once every wait has ended and the client is closed.
     */
    @Override
    void close();

    /** Builds a {@link DockClient}. */
    final class Builder extends ClientBuilder<Builder> {
        private String apiKey;
        private DockPlan plan = DockPlan.FREE;
        private DockGuardrails guardrails = DockGuardrails.defaults();
        private Duration createTokenWait = Duration.ofSeconds(30);
        private GuardrailStore guardrailStore;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Required: the API key, sent as {@code Authorization: Bearer …}. Never logged or shown. */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /** The plan of the key, which sets the poll cap (default {@link DockPlan#FREE}). */
        public Builder plan(DockPlan value) {
            this.plan = value;
            return this;
        }

        /** The guardrails to keep (default: the documented values). */
        public Builder guardrails(DockGuardrails value) {
            this.guardrails = value;
            return this;
        }

        /**
         * How long a create may wait for a token of the client-side create bucket (default 30 s), or
         * for the end of the pause of the client's creates after Dock refused one with 429 (for its
         * {@code Retry-After}, at most the time the bucket takes to fill). {@link Duration#ZERO} fails
         * at once with a {@code RateLimitException}, sending nothing.
         */
        public Builder createTokenWait(Duration value) {
            this.createTokenWait = value;
            return this;
        }

        /**
         * Where the create bucket and each session's read pacing and count are kept (default: in
         * this client's memory). Processes sharing one API key share one store, e.g.
         * {@code RedisGuardrailStore} of {@code verifykit-redis}, so that together they keep Dock's
         * guardrails; see {@link GuardrailStore}. {@code null} means the default.
         */
        public Builder guardrailStore(GuardrailStore value) {
            this.guardrailStore = value;
            return this;
        }

        /**
         * The client.
         *
         * @throws ValidationException naming the first setting refused: the API key missing, blank or
         *     with a character an HTTP header cannot carry (control or non-ASCII) or a space (a
         *     {@code "Bearer "} prefix), a value out of range, or a base URL not allowed
         */
        public DockClient build() {
            String key = Require.bearerToken("apiKey", apiKey);
            Require.present("plan", plan);
            Require.present("guardrails", guardrails);
            Require.notNegative("createTokenWait", createTokenWait);
            return new DefaultDockClient(key, plan, guardrails, createTokenWait, guardrailStore, httpSettings());
        }
    }
}
