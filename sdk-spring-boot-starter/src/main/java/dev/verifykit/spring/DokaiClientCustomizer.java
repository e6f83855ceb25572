package dev.verifykit.spring;

import dev.verifykit.dokai.DokaiClient;

/**
 * Changes the {@link DokaiClient} builder of the auto-configured client after the {@code verifykit.*} properties
 * and every {@link VerifyKitClientCustomizer} have been applied; the context's {@code VerifyKitListener} beans
 * are added after it, so that replacing the HTTP settings ({@code httpSettings(...)}) does not drop them.
 * Every bean of this type is applied, in {@code @Order} order.
 *
 * <pre>{@code
 * @Bean
 * DokaiClientCustomizer slowerPolls() {
 *     return builder -> builder.maxPollInterval(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DokaiClientCustomizer {
    /** Changes the builder before the client is built. */
    void customize(DokaiClient.Builder builder);
}
