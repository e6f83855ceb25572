/**
 * Traces of VerifyKit's calls and waits with OpenTelemetry: {@link dev.verifykit.opentelemetry.VerifyKitTracing}
 * is a {@link dev.verifykit.event.VerifyKitListener} for any client builder.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.verifykit.opentelemetry;
 * }
 * }</pre>
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.verifykit.opentelemetry {
    requires transitive dev.verifykit.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.verifykit.opentelemetry;
}
