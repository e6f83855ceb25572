package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RobloxFlagsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(java.util.function.Consumer<MockServer> serve, String... args) {
        return MockServerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), serve);
    }

    @Test
    void everyRobloxSettingHasAFlagAndTheSecretIsInTheStartupLine() throws Exception {
        AtomicReference<MockServer> seen = new AtomicReference<>();
        int code = run(server -> {
            seen.set(server);
            assertThat(new Rpc(server).begin().status()).isEqualTo(200);
        }, "--port", "0", "--roblox-session-lifetime", "30s", "--roblox-check-limit=3", "--roblox-check-window", "5s",
                "--roblox-complete-limit", "4", "--roblox-complete-window", "6s", "--roblox-refresh-limit", "5",
                "--roblox-refresh-window", "7m", "--roblox-jwt-lifetime", "2h", "--roblox-jwt-secret", "k",
                "--roblox-verification-secret", "s3cret", "--roblox-place-id", "12345678901",
                "--roblox-legacy-complete-output", "true", "--roblox-superjson=TRUE", "--roblox-production-mode", "true",
                "--roblox-force-hex-codes", "true");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        RobloxSettings r = seen.get().settings().roblox();
        assertThat(r.sessionLifetime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.checkLimit()).isEqualTo(3);
        assertThat(r.checkWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.completeLimit()).isEqualTo(4);
        assertThat(r.completeWindow()).isEqualTo(Duration.ofSeconds(6));
        assertThat(r.refreshLimit()).isEqualTo(5);
        assertThat(r.refreshWindow()).isEqualTo(Duration.ofMinutes(7));
        assertThat(r.jwtLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(r.jwtSecret()).isEqualTo("k");
        assertThat(r.verificationSecret()).isEqualTo("s3cret");
        assertThat(r.placeId()).isEqualTo(12345678901L);
        assertThat(r.legacyCompleteOutput()).isTrue();
        assertThat(r.superjson()).isTrue();
        assertThat(r.productionMode()).isTrue();
        assertThat(r.forceHexCodes()).isTrue();

        @SuppressWarnings("unchecked")
        Map<String, Object> startup = (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
                .fromJson(out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertThat(((Map<?, ?>) startup.get("credentials")).get("roblox")).isEqualTo(Map.of("verificationSecret", "s3cret"));
    }

    @Test
    void badRobloxFlagsPrintOneLineAndExitWith2() {
        String[][] cases = {{"--roblox-check-limit", "0"}, {"--roblox-check-window", "soon"}, {"--roblox-superjson", "yes"},
                {"--roblox-place-id", "-5"}, {"--roblox-jwt-lifetime", "1500ms"}, {"--roblox-verification-secret", "a b"},
                {"--roblox-session-lifetime"}, {"--roblox-nothing", "1"}};
        for (String[] args : cases) {
            out.reset();
            err.reset();
            assertThat(run(server -> { }, args)).as(String.join(" ", args)).isEqualTo(2);
            String error = err.toString(StandardCharsets.UTF_8);
            assertThat(error).as(String.join(" ", args)).startsWith("error: ").contains(args[0]);
            assertThat(error.lines().count()).isEqualTo(1);
        }
    }

    @Test
    void helpListsTheRobloxFlags() {
        assertThat(run(server -> { }, "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--roblox-session-lifetime DURATION",
                "--roblox-check-limit N", "--roblox-check-window", "--roblox-complete-limit", "--roblox-complete-window",
                "--roblox-refresh-limit", "--roblox-refresh-window", "--roblox-jwt-lifetime", "--roblox-jwt-secret TEXT",
                "--roblox-verification-secret", "--roblox-place-id N", "--roblox-legacy-complete-output true|false",
                "--roblox-superjson", "--roblox-production-mode", "--roblox-force-hex-codes");
    }

    @Test
    void robloxSettingsDefaultsAreTheDocumentedLimits() {
        RobloxSettings r = MockSettings.defaults().roblox();
        assertThat(r.sessionLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.checkLimit()).isEqualTo(60);
        assertThat(r.checkWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.completeLimit()).isEqualTo(20);
        assertThat(r.completeWindow()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.refreshLimit()).isEqualTo(4);
        assertThat(r.refreshWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(r.jwtLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(r.verificationSecret()).isEqualTo("rbx_test_secret");
        assertThat(r.jwtSecret()).isEqualTo("verifykit-mock-jwt-secret");
        assertThat(r.placeId()).isEqualTo(9876543210L);
        assertThat(r.legacyCompleteOutput()).isFalse();
        assertThat(r.superjson()).isFalse();
        assertThat(r.productionMode()).as("the real server is not run in production mode").isFalse();
        assertThat(r.forceHexCodes()).isFalse();
        assertThat(r.toBuilder().build().toString()).isEqualTo(r.toString());
        assertThat(MockSettings.defaults().toBuilder().build().roblox().toString()).isEqualTo(r.toString());
    }
}
