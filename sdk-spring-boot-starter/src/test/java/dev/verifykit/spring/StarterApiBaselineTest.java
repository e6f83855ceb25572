package dev.verifykit.spring;

import dev.verifykit.testing.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The starter's public API (its properties classes, customizers and auto-configurations) against
 * {@code sdk-spring-boot-starter/api/verifykit-spring-boot-starter.api}, as {@code ApiBaselineTest}
 * checks the other modules': a change fails the build until the listing is rewritten with
 * {@code -Dverifykit.updateApi=true} and noted in CHANGELOG.md.
 */
class StarterApiBaselineTest {
    @Test
    void thePublicApiIsTheCommittedOne() throws Exception {
        ApiListing.check(VerifyKitAutoConfiguration.class, "sdk-spring-boot-starter", "verifykit-spring-boot-starter");
    }
}
