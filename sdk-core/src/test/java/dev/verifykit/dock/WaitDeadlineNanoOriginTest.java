package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.http.RequestOptions;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Scheduler#nanoTime()} is "a monotonic reading in nanoseconds, for measuring intervals", with
 * an arbitrary origin like {@code System.nanoTime}; {@code CreatePauseBoundsTest} fixed the create
 * pause for a clock reading near the end of a {@code long} and says scheduler nanos "are compared by
 * subtraction everywhere else". The waiting engine did not: {@code Poller.Run} added the deadline to
 * the start ({@code startNanos + …}) and compared absolute readings ({@code now >= deadlineNanos},
 * {@code now + delay >= deadlineNanos}), so on such a clock the deadline wrapped negative and every
 * Dock wait (whose natural deadline is the session's lifetime) and every read with a timeout ended at
 * once with a {@code WaitTimeoutException}, nothing sent.
 */
class WaitDeadlineNanoOriginTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-05-07T00:01:00Z"));
    private DockClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** {@code time}, its nanoTime read 10 s before the end of a long. */
    private static Scheduler nearWrap(VirtualScheduler time) {
        long offset = Long.MAX_VALUE - Duration.ofSeconds(10).toNanos();
        return new Scheduler() {
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
            public Cancellable schedule(Duration delay, Runnable task) {
                return time.schedule(delay, task);
            }
        };
    }

    private DockClient client() {
        client = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(nearWrap(time)).build();
        return client;
    }

    @Test
    void aWaitOnAClockReadingNearTheEndOfALongReadsTheSession() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(DockWireTest.COMPLETED).build());

        Throwable thrown = catchThrowable(() -> assertThat(client().sessions().awaitCompletion(SESSION).isCompleted()).isTrue());

        assertThat(thrown).as("the wait (requests sent: %d)", server.getRequestCount()).isNull();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aReadWithATimeoutOnAClockReadingNearTheEndOfALongIsSent() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(DockWireTest.COMPLETED).build());

        Throwable thrown = catchThrowable(() -> client().sessions().retrieve(SESSION,
                RequestOptions.builder().timeout(Duration.ofSeconds(30)).build()));

        assertThat(thrown).as("the read (requests sent: %d)", server.getRequestCount()).isNull();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
