package dev.verifykit.spring;

import dev.verifykit.dock.DockClient;

/**
 * Changes the {@link DockClient} builder of the auto-configured client after the {@code verifykit.*} properties
 * and every {@link VerifyKitClientCustomizer} have been applied; the context's {@code VerifyKitListener} beans
 * are added after it, so that replacing the HTTP settings ({@code httpSettings(...)}) does not drop them.
 * Every bean of this type is applied, in {@code @Order} order.
 *
 * <pre>{@code
 * @Bean
 * DockClientCustomizer premiumPlan() {
 *     return builder -> builder.plan(DockPlan.PREMIUM).guardrailStore(redisStore);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DockClientCustomizer {
    /** Changes the builder before the client is built. */
    void customize(DockClient.Builder builder);
}
