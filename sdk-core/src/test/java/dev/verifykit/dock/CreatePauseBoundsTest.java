package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.http.RetryPolicy;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pause of a client's creates after a 429 (for its Retry-After) and Retry-After dates counted
 * from the answer's Date are bounded: one answer with a wrong Date (or an absurd hint) stopped
 * every later create of the client for years, and scheduler nanos near the end of a long made a
 * short pause refused at once (found by a review of the first version).
 */
class CreatePauseBoundsTest {
    private static final Instant T0 = RetryAfterObeyedTest.T0;
    private static final DateTimeFormatter HTTP_DATE = RetryAfterObeyedTest.HTTP_DATE;
    private static final String PENDING = RetryAfterObeyedTest.PENDING;
    private static final String REFUSED = RetryAfterObeyedTest.REFUSED;
    private static final CreateSessionParams PARAMS = RetryAfterObeyedTest.PARAMS;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(T0);
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** A client's clock whose nanoTime reads near the end of a long (System.nanoTime's origin is arbitrary). */
    private static dev.verifykit.time.Scheduler nearWrap(VirtualScheduler time) {
        long offset = Long.MAX_VALUE - Duration.ofSeconds(10).toNanos();
        return new dev.verifykit.time.Scheduler() {
            @Override
            public Instant now() {
                return time.now();
            }

            @Override
            public long nanoTime() {
                return offset + time.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                time.sleep(duration);
            }

            @Override
            public dev.verifykit.time.Cancellable schedule(Duration delay, Runnable task) {
                return time.schedule(delay, task);
            }
        };
    }

    /**
     * Scheduler nanos are compared by subtraction everywhere else; startCreate adds
     * (tokenDeadline = now + createTokenWait; now + wait > deadline). With nanoTime 10 s from
     * Long.MAX_VALUE, the 5-s pause after a 429 (well within createTokenWait, 30 s) is refused at
     * once, "after createTokenWait (30000 ms)", instead of waited out.
     */
    @Test
    void theCreatePauseIsWaitedOutWhateverTheNanoClocksOrigin() {
        DockClient dock = serve(answer -> answer.setHeader("Retry-After", "5"));
        client.close();
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(nearWrap(time)).retryPolicy(RetryPolicy.none()).build();
        catchThrowable(() -> client.sessions().create(PARAMS));

        Throwable second = catchThrowable(() -> client.sessions().create(PARAMS));

        assertThat(second).as("the second create (statuses %s)", statuses).isNull();
        assertThat(statuses).containsExactly(429, 200);
    }

    /** The first request is refused with the headers {@code refusal} gives (for the server's now); the rest succeed. */
    private DockClient serve(Function<MockResponse.Builder, MockResponse.Builder> refusal) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse.Builder answer = new MockResponse.Builder().setHeader("Content-Type", "application/json");
                if (statuses.isEmpty()) {
                    statuses.add(429);
                    return refusal.apply(answer).code(429).body(REFUSED).build();
                }
                statuses.add(200);
                return answer.setHeader("Date", HTTP_DATE.format(time.now())).code(200).body(PENDING).build();
            }
        });
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).retryPolicy(RetryPolicy.none()).build();
        return client;
    }

    /**
     * A 429 whose Retry-After date is 5 s ahead by the true clock, but whose Date (a broken proxy,
     * a server with an unset clock) says 1970: the hint reads as 56 years (LONGEST, 31.7 years),
     * and the client refuses all its creates locally for that long. A minute later, Dock would
     * take a create; the client never sends one again.
     */
    @Test
    void anAbsurdDateHeaderDoesNotStopTheClientsCreatesForYears() {
        DockClient dock = serve(answer -> answer.setHeader("Date", "Thu, 01 Jan 1970 00:00:00 GMT")
                .setHeader("Retry-After", HTTP_DATE.format(T0.plusSeconds(5))));
        catchThrowable(() -> dock.sessions().create(PARAMS));
        time.advance(Duration.ofMinutes(1));

        Throwable second = catchThrowable(() -> dock.sessions().create(PARAMS));

        assertThat(second).as("the second create, a minute later (statuses %s)", statuses).isNull();
        assertThat(statuses).containsExactly(429, 200);
    }

    /**
     * Retry-After 999999999 (a server's mistake, as the README calls it): every create of the
     * client is refused locally for 31.7 years; the pause has no bound (not maxRetryAfter, not
     * createTokenWait, not a multiple of the refill), unlike every other use of a hint.
     */
    @Test
    void anAbsurdRetryAfterOnACreateDoesNotStopTheClientsCreatesForYears() {
        DockClient dock = serve(answer -> answer.setHeader("Retry-After", "999999999"));
        catchThrowable(() -> dock.sessions().create(PARAMS));
        time.advance(Duration.ofHours(1));

        Throwable second = catchThrowable(() -> dock.sessions().create(PARAMS));

        assertThat(second).as("the second create, an hour later (statuses %s)", statuses).isNull();
    }
}
