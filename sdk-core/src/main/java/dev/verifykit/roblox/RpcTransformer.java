package dev.verifykit.roblox;

/**
 * The tRPC data transformer the server is configured with. A client set otherwise than its server
 * fails its calls with an error naming the setting to use: a {@code MalformedResponseException} for an
 * output wrapped otherwise than it expects, an {@code InvalidRequestException} for the server's refusal
 * of an input it could not read ("expected string, received undefined").
 *
 * <pre>{@code
 * RobloxVerificationClient.builder().baseUrl(url).transformer(RpcTransformer.SUPERJSON).build();
 * }</pre>
 */
public enum RpcTransformer {
    /** Inputs and outputs are plain JSON (the deployed server). */
    NONE,
    /** Inputs and outputs are wrapped as {@code {"json": …}} (servers using superjson). */
    SUPERJSON
}
