package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import dev.verifykit.mock.MutableClock;
import dev.verifykit.mock.RobloxSettings;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The longest {@code refreshSkew} the builder accepts against the server's 4 refreshes a user an hour
 * (a sliding window), its tokens living an hour with whole-second {@code iat}/{@code exp}, and its
 * whole-second {@code Date}: the client and the mock run on one virtual time.
 */
class RpcRefreshSkewBoundTest {
    private static final String BUILDER = "156319135";
    /** Just before a second: the server's {@code iat} and {@code Date} drop the 0.999 s. */
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00.999Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private MockServer mock;
    private RobloxVerificationClient rpc;
    private RobloxGameServerClient game;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {rpc, game, mock}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing what the test opened
                }
            }
        }
    }

    private void advance(Duration step) {
        clock.advance(step);
        time.advance(step);
    }

    /**
     * The builder's Javadoc: a skew "under 45 minutes" keeps a token from being due sooner than 15
     * minutes after it was issued, so {@code AuthSession}'s own pattern ({@code if (needsRefresh())
     * refresh()}) stays within 4 refreshes an hour. But the server's {@code iat} is its clock cut to the
     * second (up to a second before the refresh arrived), and the client reads the server's clock from a
     * whole-second {@code Date} taken a second late: a skew accepted by {@code build()} (45 minutes less a
     * millisecond) made a refresh due about 899 s after the previous one arrived, so the fifth lands
     * within the hour of the first and was refused with {@code TOO_MANY_REQUESTS} "Try again in …s".
     */
    @ParameterizedTest
    @ValueSource(longs = {2_699_999, 2_699_000, 2_640_000})
    void noSkewTheBuilderAcceptsDrawsTheRefreshLimit(long skewMillis) {
        mock = MockServer.start(MockSettings.builder().clock(clock).roblox(RobloxSettings.defaults()).build());
        try {
            rpc = RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()).scheduler(time)
                    .refreshSkew(Duration.ofMillis(skewMillis)).build();
        } catch (ValidationException refused) {
            assertThat(refused.field()).isEqualTo("refreshSkew");
            return; // refused up front, naming the setting: no refresh pattern to run
        }
        game = RobloxGameServerClient.builder().baseUrl(mock.robloxBaseUrl()).scheduler(time)
                .verificationSecret(RobloxSettings.defaults().verificationSecret()).build();
        VerificationStart start = rpc.beginVerification();
        game.completeVerification(start.code(), BUILDER);
        AuthSession session = rpc.authSession((VerificationStatus.Verified) rpc.checkVerification(start.sessionId()));

        List<String> refreshes = new ArrayList<>();
        Instant end = T0.plus(Duration.ofMinutes(80));
        while (clock.instant().isBefore(end)) {
            if (session.needsRefresh()) {
                try {
                    session = session.refresh();
                    refreshes.add("refreshed at +" + Duration.between(T0, clock.instant()).toMillis() + " ms");
                } catch (RateLimitException e) {
                    refreshes.add("refused at +" + Duration.between(T0, clock.instant()).toMillis() + " ms: "
                            + e.serviceMessage().orElse(""));
                    break;
                }
            }
            Duration left = Duration.between(rpc.serverNow(), session.refreshAt());
            advance(left.compareTo(Duration.ofSeconds(3)) > 0 ? left.minusSeconds(2) : Duration.ofMillis(10));
        }

        assertThat(refreshes).hasSizeGreaterThanOrEqualTo(5).allMatch(line -> line.startsWith("refreshed"));
    }
}
