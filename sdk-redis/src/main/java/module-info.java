/**
 * Dock's guardrails and the webhook replay guard kept in Redis, so that several instances sharing
 * one API key (or one webhook address) keep the service's limits together and handle each webhook
 * event once. Only {@code dev.verifykit.redis} is exported.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.verifykit.redis;
 * }
 * }</pre>
 */
@SuppressWarnings("requires-automatic")
module dev.verifykit.redis {
    requires transitive dev.verifykit.core;
    requires transitive lettuce.core;
    // Lettuce is an automatic module, so it cannot require Netty, whose jars are named modules (not
    // resolved unless something requires them): without these an application's module graph lacks
    // them, and Lettuce fails with NoClassDefFoundError on RedisClient.create.
    requires io.netty.transport;
    requires io.netty.handler;
    requires io.netty.resolver.dns;

    exports dev.verifykit.redis;
}
