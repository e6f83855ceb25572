package dev.verifykit.spring;

import dev.verifykit.roblox.RobloxVerificationClient;

/**
 * Changes the {@link RobloxVerificationClient} builder of the auto-configured client after the {@code verifykit.*} properties
 * and every {@link VerifyKitClientCustomizer} have been applied; the context's {@code VerifyKitListener} beans
 * are added after it, so that replacing the HTTP settings ({@code httpSettings(...)}) does not drop them.
 * Every bean of this type is applied, in {@code @Order} order.
 *
 * <pre>{@code
 * @Bean
 * RobloxVerificationClientCustomizer superjson() {
 *     return builder -> builder.transformer(RpcTransformer.SUPERJSON);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RobloxVerificationClientCustomizer {
    /** Changes the builder before the client is built. */
    void customize(RobloxVerificationClient.Builder builder);
}
