/**
 * Dock session streams over Server-Sent Events: the core's stream engine with okhttp-sse's reader.
 * Only {@code dev.verifykit.sse} is exported.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.verifykit.sse;
 * }
 * }</pre>
 */
module dev.verifykit.sse {
    requires transitive dev.verifykit.core;
    requires okhttp3.sse;

    exports dev.verifykit.sse;
}
