package dev.verifykit.examples;

import dev.verifykit.dock.DockClient;
import dev.verifykit.micrometer.VerifyKitMetrics;
import dev.verifykit.mock.MockServer;
import dev.verifykit.opentelemetry.VerifyKitTracing;
import dev.verifykit.servlet.DockRelay;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.testing.ApiListing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public API of each published module, checked against a committed listing
 * ({@code <module>/api/<artifact>.api}): every public type of the packages its {@code module-info}
 * exports, with its public and protected members (those inherited from a type that is not API, such
 * as a generated builder, included), one per line. A change the listing does not have fails the
 * build, so the API only changes on purpose. To accept an intended change, run
 * {@code ./mvnw -B verify -Dverifykit.updateApi=true}, which rewrites the listings, note the change in
 * CHANGELOG.md and commit both. The listing is {@link ApiListing}'s (sdk-core's test jar); the Spring
 * Boot starter checks its own ({@code StarterApiBaselineTest}), Spring being on its class path only.
 */
class ApiBaselineTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource({"core, sdk-core, verifykit-core", "sse, sdk-sse, verifykit-sse", "mock, sdk-mockserver, verifykit-mockserver",
            "opentelemetry, sdk-opentelemetry, verifykit-opentelemetry", "micrometer, sdk-micrometer, verifykit-micrometer", "servlet, sdk-servlet, verifykit-servlet", "redis, sdk-redis, verifykit-redis"})
    void thePublicApiIsTheCommittedOne(String module, String directory, String artifact) throws Exception {
        Class<?> anchor = switch (module) {
            case "core" -> DockClient.class;
            case "sse" -> DockSessionStreams.class;
            case "opentelemetry" -> VerifyKitTracing.class;
            case "micrometer" -> VerifyKitMetrics.class;
            case "servlet" -> DockRelay.class;
            case "redis" -> dev.verifykit.redis.RedisGuardrailStore.class;
            default -> MockServer.class;
        };
        ApiListing.check(anchor, directory, artifact);
    }
}

