package dev.verifykit.spring;

import dev.verifykit.http.ClientBuilder;

/**
 * Changes the builder of every auto-configured VerifyKit client (Dock, Dokai, both Roblox clients)
 * after the {@code verifykit.*} properties and before the client's own customizer
 * ({@link DockClientCustomizer}, ...); the context's {@code VerifyKitListener} beans are added after both,
 * so that replacing the HTTP settings ({@code httpSettings(...)}) does not drop them. For what all clients share:
 * an {@code OkHttpClient}, timeouts, a wait executor. Every bean of this type is applied, in
 * {@code @Order} order.
 *
 * <pre>{@code
 * @Bean
 * VerifyKitClientCustomizer sharedHttp(OkHttpClient okHttp) {
 *     return builder -> builder.okHttpClient(okHttp).callTimeout(Duration.ofSeconds(20));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface VerifyKitClientCustomizer {
    /** Changes a client's builder before the client is built. */
    void customize(ClientBuilder<?> builder);
}
