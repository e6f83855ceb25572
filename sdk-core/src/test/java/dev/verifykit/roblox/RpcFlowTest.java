package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.AuthenticationException;
import dev.verifykit.error.InvalidRequestException;
import dev.verifykit.error.MalformedResponseException;
import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ServerException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockRobloxUser;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MutableClock;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RPC clients end to end against the reference mock server. */
class RpcFlowTest {
    private static final String BUILDER = "156319135";
    private static final String NO_HEADSHOT = "2000000001";

    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
    private MockServer mock;
    private RobloxVerificationClient rpc;
    private RobloxGameServerClient game;

    @AfterEach
    void stop() {
        background.shutdownNow();
        for (AutoCloseable c : new AutoCloseable[] {rpc, game, mock}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing what a test opened
                }
            }
        }
    }

    private void start(RobloxSettings settings, RpcTransformer transformer) {
        start(MockSettings.builder().roblox(settings).build(), transformer);
    }

    private void start(MockSettings settings, RpcTransformer transformer) {
        mock = MockServer.start(settings);
        rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).transformer(transformer)
                .checkInterval(Duration.ofMillis(200)).minCheckInterval(Duration.ofMillis(100)).build();
        game = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl()).transformer(transformer)
                .verificationSecret(settings.roblox().verificationSecret()).build();
    }

    private void start() {
        start(RobloxSettings.defaults(), RpcTransformer.NONE);
    }

    @Test
    void theWholeFlowBeginCompleteAwaitRefresh() throws Exception {
        start();
        VerificationStart start = rpc.beginVerification();
        background.schedule(() -> game.completeVerification(" " + start.code() + " ", BUILDER), 500, TimeUnit.MILLISECONDS);

        VerificationStatus status = rpc.awaitVerification(start.sessionId());

        assertThat(start.code()).matches("[0-9]{6}");
        assertThat(start.placeId()).isEqualTo(mock.settings().roblox().placeId());
        assertThat(status).isInstanceOfSatisfying(VerificationStatus.Verified.class, v -> {
            assertThat(v.user().robloxUserId()).isEqualTo(BUILDER);
            assertThat(v.user().username()).isEqualTo("builder");
            assertThat(v.user().picture()).isNotBlank();
        });
        AuthSession session = rpc.authSession((VerificationStatus.Verified) status);
        assertThat(Duration.between(Instant.now(), session.expiresAt())).isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));
        assertThat(session.needsRefresh()).isFalse();
        AuthSession refreshed = session.refresh();
        assertThat(refreshed.user()).isEqualTo(session.user());
        assertThat(refreshed.expiresAt()).isAfterOrEqualTo(session.expiresAt());
        assertThat(mock.roblox().session(start.sessionId())).hasValueSatisfying(s -> assertThat(s.isVerified()).isTrue());
    }

    /** A user id typed with leading zeros is sent as typed; the server (and the mock) verify the user without them. */
    @Test
    void aUserIdWithLeadingZerosVerifiesTheUserWithoutThem() {
        start();
        VerificationStart start = rpc.beginVerification();

        game.completeVerification(start.code(), "00" + BUILDER);

        assertThat(rpc.checkVerification(start.sessionId())).isInstanceOfSatisfying(VerificationStatus.Verified.class,
                v -> assertThat(v.user().robloxUserId()).isEqualTo(BUILDER));
        assertThat(mock.journal().entries().stream().filter(r -> r.path().endsWith("auth.completeVerification")).findFirst())
                .hasValueSatisfying(r -> assertThat(r.body()).contains("\"robloxUserId\":\"00" + BUILDER + "\""));
    }

    /**
     * The mock's clock stands still while the window fills (on a loaded machine six checks took
     * longer than the 2-s window, which slid: the sixth was allowed) and moves on once the await
     * was refused too: moved by the await's listener, told of that refusal before the await sleeps
     * out its hint. (Moved by the test thread once the journal showed the refusal, a thread late by
     * the hint's second let the await check again in the full window, and, moved but not yet
     * completed, fill the new one at its 1-ms pace: on a clock standing still, every check after was
     * refused.) The game completes the session before the await (a completion is no check).
     */
    @Test
    void aCheckBeyondTheWindowsLimitIsRefusedWithItsSecondsAndAnAwaitSlowsDownAndStillSucceeds() throws Exception {
        Duration window = Duration.ofSeconds(2);
        MutableClock clock = MutableClock.at(Instant.now());
        start(MockSettings.builder().clock(clock).roblox(RobloxSettings.builder().checkLimit(5).checkWindow(window)
                .build()).build(), RpcTransformer.NONE);
        RobloxVerificationClient eager = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl())
                .checkInterval(Duration.ofMillis(1)).minCheckInterval(Duration.ofMillis(1)).maxRetries(0).build();
        VerificationStart start = eager.beginVerification();
        for (int i = 0; i < 5; i++) {
            assertThat(eager.checkVerification(start.sessionId())).isInstanceOf(VerificationStatus.Pending.class);
        }

        assertThatThrownBy(() -> eager.checkVerification(start.sessionId()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("TOO_MANY_REQUESTS");
                    assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(1),
                            Duration.ofSeconds(2)));
                    assertThat(e.endpoint()).contains("auth.checkVerification");
                });

        game.completeVerification(start.code(), BUILDER);
        java.util.concurrent.atomic.AtomicBoolean moved = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<VerificationStatus> waiting = eager.awaitVerificationAsync(start.sessionId(),
                WaitOptions.builder().listener(progress -> {
                    if (moved.compareAndSet(false, true)) {
                        clock.advance(window.plusSeconds(1)); // after the await's first check: the window passes
                    }
                }).build());

        assertThat(waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(VerificationStatus.Verified.class);
        // the await's first check is refused too (the window had not moved), its next one sees the session
        assertThat(mock.journal().find(MockJournalQuery.all().path("/roblox/auth.checkVerification")))
                .extracting(dev.verifykit.mock.MockJournalEntry::status).containsExactly(200, 200, 200, 200, 200, 429, 429, 200);
        eager.close();
    }

    @Test
    void anAwaitEndsExpiredAtTheShrunkLifetime() {
        start(RobloxSettings.builder().sessionLifetime(Duration.ofSeconds(2)).build(), RpcTransformer.NONE);
        VerificationStart start = rpc.beginVerification();

        assertThat(rpc.awaitVerification(start.sessionId())).isEqualTo(VerificationStatus.Expired.instance());
    }

    @Test
    void completionRefusalsAreTyped() {
        MutableClock clock = MutableClock.at(Instant.now());
        start(MockSettings.builder().clock(clock).roblox(RobloxSettings.defaults()).build(), RpcTransformer.NONE);
        VerificationStart start = rpc.beginVerification();
        RobloxGameServerClient wrongSecret = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl())
                .verificationSecret("not-the-secret").build();

        assertThatThrownBy(() -> wrongSecret.completeVerification(start.code(), BUILDER))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.getMessage()).contains("Invalid verification secret").doesNotContain("not-the-secret"));
        assertThatThrownBy(() -> game.completeVerification("000000000", BUILDER))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.serviceMessage()).contains("Invalid or expired verification code"));
        mock.roblox().registerMissingUser("99999999999");
        assertThatThrownBy(() -> game.completeVerification(start.code(), "99999999999"))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.serviceMessage()).contains("Failed to fetch Roblox user profile"));
        assertThatThrownBy(() -> game.completeVerification(start.code(), NO_HEADSHOT))
                .isInstanceOfSatisfying(ServerException.class,
                        e -> assertThat(e.serviceMessage()).contains("Roblox user headshot not available"));
        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> game.completeVerification(start.code(), BUILDER))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.serviceMessage()).contains("Invalid or expired verification code"));
        wrongSecret.close();
    }

    @Test
    void aUserRegisteredThroughTheControlPlaneCanComplete() {
        start();
        mock.roblox().registerUser(new MockRobloxUser("424242", "newcomer", "New Comer", "https://example.test/h.png"));
        VerificationStart start = rpc.beginVerification();

        game.completeVerification(start.code(), "424242");

        assertThat(rpc.checkVerification(start.sessionId())).isInstanceOfSatisfying(VerificationStatus.Verified.class,
                v -> assertThat(v.user().displayName()).isEqualTo("New Comer"));
    }

    @Test
    void theLegacyBareTrueCompletionIsAccepted() {
        start(RobloxSettings.builder().legacyCompleteOutput(true).build(), RpcTransformer.NONE);
        VerificationStart start = rpc.beginVerification();

        game.completeVerification(start.code(), BUILDER);

        assertThat(rpc.checkVerification(start.sessionId())).isInstanceOf(VerificationStatus.Verified.class);
    }

    @Test
    void superjsonWorksEndToEnd() {
        start(RobloxSettings.builder().superjson(true).build(), RpcTransformer.SUPERJSON);
        VerificationStart start = rpc.beginVerification();
        game.completeVerification(start.code(), BUILDER);

        VerificationStatus status = rpc.awaitVerification(start.sessionId());

        assertThat(status).isInstanceOf(VerificationStatus.Verified.class);
        assertThat(rpc.authSession((VerificationStatus.Verified) status).refresh().user().robloxUserId()).isEqualTo(BUILDER);
    }

    /**
     * A transformer other than the server's fails every procedure once (nothing retried), with an
     * error naming the builder setting to use: the output and the refusals of the input are wrapped
     * as the server's transformer wraps them. Before, a plain server's "sessionId: Invalid input:
     * expected string, received undefined" (or a superjson one's "expected object, received
     * undefined", or begin's missing fields) gave no hint of the setting.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTransformerOtherThanTheServersNamesTheSettingToUse(boolean serverUsesSuperjson) {
        start(RobloxSettings.builder().superjson(serverUsesSuperjson).build(),
                serverUsesSuperjson ? RpcTransformer.NONE : RpcTransformer.SUPERJSON);
        String setting = serverUsesSuperjson ? "transformer(RpcTransformer.SUPERJSON)" : "transformer(RpcTransformer.NONE)";
        String session = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";

        assertThatThrownBy(rpc::beginVerification).isInstanceOf(MalformedResponseException.class).hasMessageContaining(setting);
        assertThatThrownBy(() -> rpc.checkVerification(session)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.serviceMessage().orElseThrow()).contains(serverUsesSuperjson ? "expected object" : "sessionId: ",
                        "received undefined", setting));
        assertThatThrownBy(() -> game.completeVerification("482913", BUILDER)).isInstanceOfSatisfying(
                InvalidRequestException.class, e -> assertThat(e.serviceMessage().orElseThrow()).contains("received undefined", setting));
        assertThatThrownBy(() -> rpc.refresh(RpcWireTest.jwt(Instant.now(), Instant.now().plusSeconds(60))))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.serviceMessage().orElseThrow()).contains("received undefined", setting));
        assertThat(mock.journal().find(MockJournalQuery.all().service("roblox")))
                .as("each procedure sent once").hasSize(4);
    }

    @Test
    void refreshesBeyondTheHourlyLimitAreRateLimited() {
        start(RobloxSettings.builder().refreshLimit(2).build(), RpcTransformer.NONE);
        VerificationStart start = rpc.beginVerification();
        game.completeVerification(start.code(), BUILDER);
        AuthSession session = rpc.authSession((VerificationStatus.Verified) rpc.checkVerification(start.sessionId()));
        session.refresh();
        session.refresh();

        assertThatThrownBy(session::refresh).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive()));
    }

    @Test
    void everyValidationRuleRefusesWithNothingSent() {
        start();

        assertThatThrownBy(() -> rpc.checkVerification("3f1c2a4e-8b7d-9c6a-9e5f-0a1b2c3d4e5f"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("sessionId"));
        assertThatThrownBy(() -> game.completeVerification("12345", BUILDER))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> game.completeVerification("1234567890123", BUILDER))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("code"));
        assertThatThrownBy(() -> game.completeVerification("123456", "12a"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("robloxUserId"));
        assertThatThrownBy(() -> rpc.refresh("garbage"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("jwt"));

        assertThat(mock.journal().entries()).isEmpty();
    }
}
