package dev.verifykit.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.RedirectException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No client follows a redirect: the service at {@code 127.0.0.1} answers every call with a 3xx
 * pointing at {@code localhost} (another host name for another server), and that second server must
 * receive nothing: no credential, no body, no idempotency key. The refusal is a typed
 * {@link RedirectException} naming the status and the target host, never the target's path or query.
 */
class RedirectsTest {
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String QUERY_SECRET = "stolen-query-7c2e";
    /** Waits end at their first failure, so that a followed redirect fails fast on code that follows them. */
    private static final WaitOptions ONE_FAILURE = WaitOptions.builder().maxConsecutiveFailures(0).build();

    private final MockWebServer service = new MockWebServer();
    private final MockWebServer elsewhere = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        service.start(loopback, 0);
        elsewhere.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(500).build(); // answered at once: a followed redirect shows fast
            }
        });
        elsewhere.start(loopback, 0);
    }

    @AfterEach
    void stop() {
        service.close();
        elsewhere.close();
    }

    static Stream<Arguments> callsAndCodes() {
        List<String> calls = List.of("dock create", "dock retrieve", "dock long-poll", "dock await",
                "dokai create", "dokai retrieve", "dokai await",
                "roblox begin", "roblox check", "roblox await", "roblox refresh", "game complete");
        return calls.stream().flatMap(call -> Stream.of(301, 302, 307, 308).map(code -> Arguments.of(call, code)));
    }

    @ParameterizedTest(name = "{0} answered {1}")
    @MethodSource("callsAndCodes")
    void aRedirectIsNeverFollowedAndIsATypedError(String call, int code) {
        String target = "http://localhost:" + elsewhere.getPort() + "/collect/path?token=" + QUERY_SECRET;
        service.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(code).setHeader("Location", target).build();
            }
        });

        Throwable thrown = catchThrowable(() -> run(call));

        assertThat(elsewhere.getRequestCount()).as("requests that reached the redirect target").isZero();
        assertThat(service.getRequestCount()).as("requests to the service").isEqualTo(1);
        assertThat(thrown).isInstanceOfSatisfying(RedirectException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(code);
            assertThat(e.targetHost()).contains("localhost");
            assertThat(e.getMessage()).contains("HTTP " + code).contains("localhost")
                    .doesNotContain(QUERY_SECRET).doesNotContain("/collect");
        });
    }

    /**
     * A server reflecting the secret into the redirect's host: the host is lower-cased as it is parsed,
     * so the secret is masked in any letter case, in the message and in the target host.
     */
    @Test
    void aRedirectToAHostNamedAfterTheSecretShowsItInNoLetterCase() {
        String secret = "Game-Secret-7D1F";
        service.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(302)
                        .setHeader("Location", "http://" + request.getHeaders().get("x-verification-secret") + ".attacker.test/")
                        .build();
            }
        });

        Throwable thrown;
        try (RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl("http://127.0.0.1:" + service.getPort())
                .verificationSecret(secret).maxRetries(0).build()) {
            thrown = catchThrowable(() -> game.completeVerification("123456", "156319135"));
        }

        assertThat(thrown).isInstanceOfSatisfying(RedirectException.class, e -> {
            assertThat(e.getMessage()).contains("attacker.test");
            assertThat((e + " " + e.targetHost()).toLowerCase(java.util.Locale.ROOT)).doesNotContain("game-secret-7d1f");
        });
    }

    private void run(String call) {
        String base = "http://127.0.0.1:" + service.getPort();
        switch (call) {
            case "dock create" -> withDock(base, dock -> dock.sessions().create(
                    CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build()));
            case "dock retrieve" -> withDock(base, dock -> dock.sessions().retrieve("vsn_redirect"));
            case "dock long-poll" -> withDock(base, dock -> dock.sessions().retrieve("vsn_redirect",
                    java.time.Duration.ofSeconds(5)));
            case "dock await" -> withDock(base, dock -> dock.sessions().awaitCompletion("vsn_redirect", ONE_FAILURE));
            case "dokai create" -> withDokai(base, dokai -> dokai.verifySessions().create(CreateKycSessionParams.none()));
            case "dokai retrieve" -> withDokai(base, dokai -> dokai.verifySessions().retrieve("ver_redirect"));
            case "dokai await" -> withDokai(base, dokai -> dokai.verifySessions().awaitResult("ver_redirect", ONE_FAILURE));
            case "roblox begin" -> withRpc(base, RobloxVerificationClient::beginVerification);
            case "roblox check" -> withRpc(base, rpc -> rpc.checkVerification(SESSION));
            case "roblox await" -> withRpc(base, rpc -> rpc.awaitVerification(SESSION, ONE_FAILURE));
            case "roblox refresh" -> withRpc(base, rpc -> rpc.refresh(jwt()));
            case "game complete" -> {
                try (RobloxGameServerClient game = RobloxGameServerClient.builder().baseUrl(base + "/roblox")
                        .verificationSecret("game-secret-7d1f").maxRetries(0).build()) {
                    game.completeVerification("123456", "156319135");
                }
            }
            default -> throw new IllegalArgumentException(call);
        }
    }

    private static void withDock(String base, Consumer<DockClient> use) {
        try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(base + "/dock").maxRetries(0)
                .build()) {
            use.accept(dock);
        }
    }

    private static void withDokai(String base, Consumer<DokaiClient> use) {
        try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_mock").baseUrl(base + "/dokai").maxRetries(0)
                .build()) {
            use.accept(dokai);
        }
    }

    private static void withRpc(String base, Consumer<RobloxVerificationClient> use) {
        try (RobloxVerificationClient rpc = RobloxVerificationClient.builder().baseUrl(base + "/roblox").maxRetries(0)
                .build()) {
            use.accept(rpc);
        }
    }

    private static String jwt() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString("{\"robloxUserId\":\"156319135\",\"iat\":1,\"exp\":2}"
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }
}
