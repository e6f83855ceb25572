/**
 * VerifyKit's clients for Dock, the Roblox code-verification RPC and Dokai, with their transport,
 * waiting engine, session streams and webhook verification. Only the API packages are exported;
 * the {@code …internal} packages are not, and Moshi may read only the internal wire records it
 * decodes.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.verifykit.core;
 * }
 * }</pre>
 */
@SuppressWarnings("requires-automatic")
module dev.verifykit.core {
    requires transitive okhttp3;
    requires com.squareup.moshi;
    // The annotations of the generated models (CLASS retention): needed to compile core, never to run
    // it or to compile against it.
    requires static org.immutables.value;

    exports dev.verifykit.dock;
    exports dev.verifykit.dokai;
    exports dev.verifykit.error;
    exports dev.verifykit.event;
    exports dev.verifykit.http;
    exports dev.verifykit.json;
    exports dev.verifykit.poll;
    exports dev.verifykit.roblox;
    exports dev.verifykit.time;
    exports dev.verifykit.webhook;
    // The style of settings classes (Input) and their checks (Require), for sibling modules' settings;
    // CancelsWaits, for the Spring Boot starter's shutdown; Wtf8, for the Redis store's key hashes.
    exports dev.verifykit.internal to dev.verifykit.servlet, dev.verifykit.spring, dev.verifykit.redis;
    // The system scheduler's timers, which the servlet endpoints and the starter own and close.
    exports dev.verifykit.time.internal to dev.verifykit.servlet, dev.verifykit.spring;

    // Moshi reads these packages' wire records (envelopes, error bodies, RPC outputs) by reflection.
    opens dev.verifykit.dock.internal to com.squareup.moshi;
    opens dev.verifykit.dokai.internal to com.squareup.moshi;
    opens dev.verifykit.roblox.internal to com.squareup.moshi;
}
