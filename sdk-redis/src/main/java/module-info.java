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

    exports dev.verifykit.redis;
}
