/**
 * The VerifyKit reference mock server: Dock, the Roblox code-verification RPC and Dokai on one
 * port, with a control plane, fault injection and a request journal. Only {@code dev.verifykit.mock}
 * is exported; the implementation packages under {@code dev.verifykit.mock.internal} are not.
 *
 * <pre>{@code
 * try (MockServer server = MockServer.start()) {
 *     String dock = server.dockBaseUrl();
 * }
 * }</pre>
 */
@SuppressWarnings("requires-automatic")
module dev.verifykit.mock {
    requires java.logging;
    requires mockwebserver3;
    requires okhttp3;
    requires okio;
    requires com.squareup.moshi;
    // Only MockServerExtension uses it (and shows it in its signature), in tests that have JUnit 5 anyway.
    requires static transitive org.junit.jupiter.api;

    exports dev.verifykit.mock;
}
