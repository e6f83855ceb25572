package dev.verifykit.roblox;

import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.http.ClientBuilder;
import dev.verifykit.http.RawResponse;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.internal.Require;
import dev.verifykit.roblox.internal.DefaultRobloxGameServerClient;

/**
 * The game side of the Roblox code-verification RPC: a Roblox game server (or its backend) enters
 * the code a player typed ({@code auth.completeVerification}), authenticated with the shared
 * {@code x-verification-secret}. Thread-safe. The base URL is the one of
 * {@link RobloxVerificationClient}: the server's root, or the prefix a deployment mounts tRPC under.
 *
 * <pre>{@code
 * try (RobloxGameServerClient game = RobloxGameServerClient.builder()
 *         .baseUrl("https://rpc.example.com")
 *         .verificationSecret(System.getenv("ROBLOX_VERIFICATION_SECRET"))
 *         .build()) {
 *     game.completeVerification(typedCode, String.valueOf(player.userId()));
 * }
 * }</pre>
 */
public interface RobloxGameServerClient extends AutoCloseable {
    /** A builder; the base URL and the verification secret are required. */
    static Builder builder() {
        return new Builder();
    }

    /** {@link #completeVerification(String, String, RequestOptions)} with no options. */
    default void completeVerification(String code, String robloxUserId) {
        completeVerification(code, robloxUserId, RequestOptions.none());
    }

    /**
     * Completes the session whose code the player entered. Not retried once it may have arrived
     * (a second completion of the same code is refused by the server).
     *
     * @param code the code as typed, required; trimmed as JavaScript trims (non-breaking spaces too), then 6 to
     *     12 characters, none a control character (no code the server issues holds one); its ASCII letters are
     *     sent upper-cased, as the server issues them
     * @param robloxUserId the player's Roblox user id, digits only; sent as given (the server takes leading
     *     zeros, and the verified user's {@code robloxUserId} is then Roblox's, without them)
     * @throws ValidationException for a bad code or user id (nothing is sent)
     * @throws InvalidRequestException for an unknown or expired code, with the server's message
     * @throws AuthenticationException for a wrong secret, or a Roblox user the server cannot find
     * @throws RateLimitException over the server's 20 completions per Roblox user a minute, with its
     *     hint in {@code retryAfter()}; not retried (the code stays usable: a refused call is not counted)
     * @throws ServerException when the server failed (a 5xx), e.g. looking the user up at Roblox
     */
    void completeVerification(String code, String robloxUserId, RequestOptions options);

    /** The same call, answering with status, headers and request id. */
    WithRawResponse withRawResponse();

    /**
     * {@link RobloxGameServerClient}'s call in raw form; its value is {@code null}.
     *
     * <pre>{@code
     * RawResponse<Void> done = game.withRawResponse().completeVerification(code, userId, RequestOptions.none());
     * log.info("completed (request {})", done.requestId().orElse("-"));
     * }</pre>
     */
    interface WithRawResponse {
        /** {@link #completeVerification(String, String, RequestOptions)} with no options. */
        default RawResponse<Void> completeVerification(String code, String robloxUserId) {
            return completeVerification(code, robloxUserId, RequestOptions.none());
        }

        /** {@link RobloxGameServerClient#completeVerification(String, String, RequestOptions)}, raw. */
        RawResponse<Void> completeVerification(String code, String robloxUserId, RequestOptions options);
    }

    /** Releases the threads and connections this client owns. */
    @Override
    void close();

    /** Builds a {@link RobloxGameServerClient}. */
    final class Builder extends ClientBuilder<Builder> {
        private String secret;
        private RpcTransformer transformer = RpcTransformer.NONE;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Required: the shared secret, sent as {@code x-verification-secret}. Never logged or shown. */
        public Builder verificationSecret(String value) {
            this.secret = value;
            return this;
        }

        /** The server's transformer (default {@link RpcTransformer#NONE}). */
        public Builder transformer(RpcTransformer value) {
            this.transformer = value;
            return this;
        }

        /**
         * The client.
         *
         * @throws ValidationException naming the first setting refused: the base URL or the secret
         *     missing, the secret blank or with a character an HTTP header cannot carry (control or
         *     non-ASCII), or a value out of range
         */
        public RobloxGameServerClient build() {
            if (httpSettings().baseUrl().isEmpty()) {
                throw new ValidationException("baseUrl", "is required: the RPC has no public default");
            }
            String checkedSecret = Require.credential("verificationSecret", secret);
            Require.present("transformer", transformer);
            return new DefaultRobloxGameServerClient(httpSettings(), checkedSecret, transformer);
        }
    }
}
