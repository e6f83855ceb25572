/**
 * Metrics of VerifyKit's calls, retries, refusals and waits with Micrometer:
 * {@link dev.verifykit.micrometer.VerifyKitMetrics} is a {@link dev.verifykit.event.VerifyKitListener}
 * for any client builder.
 *
 * <pre>{@code
 * module my.app {
 *     requires dev.verifykit.micrometer;
 * }
 * }</pre>
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.verifykit.micrometer {
    requires transitive dev.verifykit.core;
    requires transitive micrometer.core;

    exports dev.verifykit.micrometer;
}
