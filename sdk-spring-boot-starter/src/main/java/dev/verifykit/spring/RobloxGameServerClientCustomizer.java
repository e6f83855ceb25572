package dev.verifykit.spring;

import dev.verifykit.roblox.RobloxGameServerClient;

/**
 * Changes the {@link RobloxGameServerClient} builder of the auto-configured client after the {@code verifykit.*} properties
 * and every {@link VerifyKitClientCustomizer} have been applied; the context's {@code VerifyKitListener} beans
 * are added after it, so that replacing the HTTP settings ({@code httpSettings(...)}) does not drop them.
 * Every bean of this type is applied, in {@code @Order} order.
 *
 * <pre>{@code
 * @Bean
 * RobloxGameServerClientCustomizer noRetries() {
 *     return builder -> builder.maxRetries(0);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RobloxGameServerClientCustomizer {
    /** Changes the builder before the client is built. */
    void customize(RobloxGameServerClient.Builder builder);
}
