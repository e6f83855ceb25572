package dev.verifykit.spring;

import dev.verifykit.http.ClientBuilder;

/**
 * Changes the builder of every auto-configured VerifyKit client (Dock, Dokai, both Roblox clients)
 * after the {@code verifykit.*} properties and the context's {@code VerifyKitListener} beans, and
 * before the client's own customizer ({@link DockClientCustomizer}, ...). For what all clients share:
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
