package dev.verifykit.roblox;

/**
 * The tRPC data transformer the server is configured with.
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
