package dev.verifykit.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The await's last check before the session's end, when checks take time. The real server forgets a
 * session at its {@code expiresAt} (verified until then, expired after) and stamps each answer with a
 * {@code Date} cut to the whole second (Node). The Javadoc of {@code awaitVerification} promises that
 * "the last check comes shortly before it (a second plus twice the slowest check, at least 100 ms,
 * ahead)", and the README that "a code entered in the last interval is not missed". Here each check
 * takes 600 ms of (virtual) time, 300 ms each way, and the checks run at the default 2-s interval: the
 * check paced 2 s after the one before starts 50 ms before {@code expiresAt}, so it reaches the server
 * after the end and is answered {@code expired}, though the game completed the session 1.5 s before
 * that end and a check fitted 1.2 s (twice the slowest check) before the end the client computed
 * would have been answered {@code verified}.
 */
class RpcSlowCheckAtTheSessionsEndTest {
    private static final Instant T0 = Instant.parse("2026-05-07T00:00:00Z");
    private static final String SESSION = "3f1c2a4e-8b7d-4c6a-9e5f-0a1b2c3d4e5f";
    private static final String USER = "{\"robloxUserId\":\"156319135\",\"username\":\"builder\","
            + "\"displayName\":\"Builder\",\"picture\":\"https://tr.rbxcdn.com/x.png\"}";
    private static final Duration ONE_WAY = Duration.ofMillis(300);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private RobloxVerificationClient rpc;

    @AfterEach
    void close() {
        if (rpc != null) {
            rpc.close();
        }
    }

    private static MockResponse ok(String data, Instant serverNow) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .setHeader("Date", HTTP_DATE.format(serverNow.truncatedTo(ChronoUnit.SECONDS)))
                .body("{\"result\":{\"data\":" + data + "}}").build();
    }

    @Test
    void aCheckThatWouldReachTheServerPastTheSessionsEndIsNotTheLastOne() {
        Instant ends = T0.plusMillis(12_700);
        Instant completed = ends.minusMillis(1_500);
        String token = RpcWireTest.jwt(completed, completed.plusSeconds(3600));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                time.advance(ONE_WAY); // the check travels to the server
                Instant now = time.now();
                String said = !now.isBefore(ends) ? "expired" : !now.isBefore(completed) ? "verified" : "pending";
                seen.add(now + " " + said);
                MockResponse answer = switch (said) {
                    case "expired" -> ok("{\"status\":\"expired\"}", now);
                    case "verified" -> ok("{\"status\":\"verified\",\"jwt\":\"" + token + "\",\"user\":" + USER + "}", now);
                    default -> ok("{\"status\":\"pending\",\"expiresAt\":" + ends.toEpochMilli() + ",\"code\":\"482913\"}", now);
                };
                time.advance(ONE_WAY); // and its answer back
                return answer;
            }
        });
        rpc = RobloxVerificationClient.builder().baseUrl(server.url("/").toString()).scheduler(time).build();
        time.advance(Duration.ofMillis(650)); // the page asks for the wait a moment after the code was shown

        VerificationStatus status = rpc.awaitVerification(SESSION);

        assertThat(status).as("checks at the server %s; the session ended at %s, the game completed it at %s",
                seen, ends, completed).isInstanceOf(VerificationStatus.Verified.class);
    }
}
