/**
 * Jakarta Servlet integration: {@link dev.verifykit.servlet.WebhookServlet}, a Dokai webhook endpoint
 * that verifies the raw body, and {@link dev.verifykit.servlet.DockRelayServlet}, which re-serves Dock
 * session streams to browsers without exposing the API key. Only {@code dev.verifykit.servlet} is
 * exported. The Servlet API (6.1) is the container's.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.verifykit.servlet;
 * }
 * }</pre>
 */
@SuppressWarnings("requires-automatic")
module dev.verifykit.servlet {
    requires transitive dev.verifykit.core;
    requires transitive jakarta.servlet;
    requires com.squareup.moshi;
    requires okio;
    // RelaySettings' generated code carries Immutables' annotations (CLASS retention): compile time only.
    requires static org.immutables.value;

    exports dev.verifykit.servlet;
}
