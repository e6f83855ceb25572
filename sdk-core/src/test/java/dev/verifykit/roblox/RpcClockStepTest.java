package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.SteppedClock;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A machine's wall clock stepped while a wait runs or a token lives (an NTP correction of a clock that
 * was minutes off, which the README says the waits are built for: "a machine whose clock is minutes
 * off neither gives up on a live session nor reads past its end"). The session's end, the server's
 * clock and the token's issue were kept as wall-clock instants, learnt from an answer, and compared
 * with the wall clock of a later moment without asking the server: a step between the two read as
 * time that passed. They are now kept on the monotonic clock ({@code Scheduler.nanoTime()}).
 */
class RpcClockStepTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String USER = "{\"robloxUserId\":\"156319135\",\"username\":\"builder\","
            + "\"displayName\":\"Builder\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}";
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    /** True time: the server's clock, and the client's monotonic clock. */
    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    /** The client's scheduler: true time for everything but the wall clock, which can be stepped. */
    private final SteppedClock machine = new SteppedClock(time);
    private final List<String> checks = new CopyOnWriteArrayList<>();
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    private static MockResponse ok(String data, Instant serverNow) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("Date", HTTP_DATE.format(serverNow)).body("{\"result\":{\"data\":" + data + "}}").build();
    }

    /**
     * The machine's clock is 20 minutes slow; the server's is right. The session was begun at T0 and
     * lives 10 minutes; the game completes it at T0 + 30 s. Right after the wait's first check, NTP
     * corrects the machine's clock. The session still had more than 9 minutes to live, and the
     * server would have answered {@code verified} 30 s later: the wait answered {@code Expired} at its
     * next turn, without asking, because it compared the end it learnt on the old wall clock with the
     * new one.
     */
    private static final Instant ENDS = T0.plus(Duration.ofMinutes(10));
    private static final Instant COMPLETED = T0.plusSeconds(30);

    /**
     * The server: a session begun at T0 that lives 10 minutes, completed by the game at T0 + 30 s;
     * the client: a machine whose wall clock is 20 minutes slow.
     */
    private void aSessionCompletedAfter30SecondsOnASlowMachine() {
        String token = RpcWireTest.jwt(COMPLETED, COMPLETED.plusSeconds(3600));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant now = time.now();
                checks.add(now.toString());
                String data = !now.isBefore(ENDS) ? "{\"status\":\"expired\"}"
                        : !now.isBefore(COMPLETED) ? "{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}"
                        : "{\"status\":\"pending\",\"expiresAt\":" + ENDS.toEpochMilli() + ",\"code\":\"482913\"}";
                return ok(data, now);
            }
        });
        machine.wallOff(Duration.ofMinutes(-20));
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(machine).build();
    }

    @Test
    void aWallClockCorrectedDuringTheWaitDoesNotEndALiveSessionAsExpired() {
        aSessionCompletedAfter30SecondsOnASlowMachine();

        VerificationStatus status = rpc.awaitVerification(SESSION, WaitOptions.builder()
                .listener(progress -> machine.wallOff(Duration.ZERO)) // NTP steps the clock after the first check
                .build());

        assertThat(status).as("checks at %s; the session ends at %s, the game completed it at %s; the wait ended at %s",
                checks, ENDS, COMPLETED, time.now()).isInstanceOf(VerificationStatus.Verified.class);
    }

    /**
     * The same session, NTP correcting the machine's clock just as the wait begins (after its plan
     * read the clock, before the wait did; {@code -20}: left slow, the control). Before, the plan's
     * bound of the session's lifetime was a wall instant read back against the corrected clock: the
     * wait ended at once, a {@code WaitTimeoutException} without a single check.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, -20})
    void aWallClockCorrectedAsTheWaitBeginsDoesNotEndItWithoutACheck(int minutesOffAfterThePlansReading) {
        aSessionCompletedAfter30SecondsOnASlowMachine();

        machine.wallOffAfterNextRead(Duration.ofMinutes(minutesOffAfterThePlansReading));
        AtomicReference<VerificationStatus> status = new AtomicReference<>();
        Throwable failed = catchThrowable(() -> status.set(rpc.awaitVerification(SESSION, WaitOptions.defaults())));

        assertThat(failed).as("checks at %s; the session ends at %s, the game completed it at %s; the wait ended at %s",
                checks, ENDS, COMPLETED, time.now()).isNull();
        assertThat(status.get()).isInstanceOf(VerificationStatus.Verified.class);
    }

    /**
     * The same step under an {@link AuthSession}: the machine's clock is 20 minutes slow when the
     * token is refreshed (the answer's {@code Date} shows it), then NTP corrects it. 36 minutes after the
     * token was issued (its {@code exp} an hour after), it is not due for refresh (5 minutes before
     * {@code exp}) and is 24 minutes from expiring; the session said it was due and, 4 minutes later,
     * expired, by the 20 minutes of the step (both the server's clock and the {@code iat} floor were
     * kept against the wall clock).
     */
    @Test
    void aWallClockCorrectedAfterARefreshDoesNotExpireAFreshToken() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Instant now = time.now();
                return ok("{\"jwt\":\"" + RpcWireTest.jwt(now, now.plusSeconds(3600)) + "\",\"user\":" + USER + "}", now);
            }
        });
        machine.wallOff(Duration.ofMinutes(-20));
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(machine).build();
        AuthSession session = rpc.refresh(RpcWireTest.jwt(T0.minusSeconds(3600), T0));
        machine.wallOff(Duration.ZERO); // NTP steps the clock

        time.advance(Duration.ofMinutes(36));
        boolean dueAt36 = session.needsRefresh();
        time.advance(Duration.ofMinutes(4));
        boolean expiredAt40 = session.isExpired();

        assertThat(new boolean[] {dueAt36, expiredAt40}).as("needsRefresh() 36 min and isExpired() 40 min after"
                + " issue of a token valid 60 min (serverNow() %s at true time %s)", rpc.serverNow(), time.now())
                .containsExactly(false, false);
    }
}
