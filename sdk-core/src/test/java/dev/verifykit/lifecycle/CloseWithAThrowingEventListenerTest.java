package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockClient;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.RawServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * README, "close() is final": "the calls in flight are cancelled". A blocking call's only cancel at
 * the close is the one {@code AttemptDeadlines.close()} makes; when the application's
 * {@code OkHttpClient} carries an {@link EventListener} whose {@code canceled} throws (a buggy
 * metrics listener), the first cancel threw out of that loop and out of {@code close()}: the other
 * calls in flight were left running (their time limit, kept by the same closed watch, no longer
 * applies either: only the socket's read timeout ends them), and the rest of the client's own
 * resources (its wait executor, its timer, its pools, its host-name lookups) were not closed.
 * (A store or scheduler of yours throwing at the close does not stop the rest of the close: each
 * end runs whatever one before threw, and what was thrown is thrown once all ran.)
 */
class CloseWithAThrowingEventListenerTest {
    static final String KEY = "dock_test_hostile_5f3a";

    /** An application's client whose event listener fails as a call is cancelled. */
    private static OkHttpClient failingAtCancel() {
        return failingAtCancel(new AtomicInteger());
    }

    /** The same, counting the cancels the client's attempt-deadline timer made ({@code AttemptDeadlines.check()}). */
    private static OkHttpClient failingAtCancel(AtomicInteger cutByTheTimer) {
        return new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void canceled(Call call) {
                if (StackWalker.getInstance().walk(frames -> frames.anyMatch(
                        frame -> frame.getClassName().endsWith(".AttemptDeadlines") && frame.getMethodName().equals("check")))) {
                    cutByTheTimer.incrementAndGet();
                }
                throw new IllegalStateException("the application's event listener failed");
            }
        }).build();
    }

    /**
     * The same failure on the timer that cancels the attempts past their time limit
     * ({@code AttemptDeadlines.check()}) ended that timer for good: it was never scheduled again, so
     * no later call of the client was held to its {@code callTimeout} (a silent or trickling server
     * then kept each for as long as its socket's read timeout allowed, or for ever).
     */
    @Test
    void callsAfterOneCutByItsTimeLimitAreStillHeldToTheirs() throws Exception {
        AtomicInteger cutByTheTimer = new AtomicInteger();
        OkHttpClient application = failingAtCancel(cutByTheTimer);
        try (RawServer silent = new RawServer(conn -> { });
                DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(silent.url("/dock")).okHttpClient(application)
                        .readTimeout(Duration.ofMinutes(10)).callTimeout(Duration.ofSeconds(1)).build()) {
            RequestOptions once = RequestOptions.builder().maxRetries(0).build();
            catchThrowable(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L1", once)); // cut at 1 s
            // the path guarded: the timer cut the first read and the application's listener threw on it (OkHttp
            // tells its listener after it closed the socket, which may already have woken the read's thread)
            Await.awaitTrue(() -> cutByTheTimer.get() > 0);
            assertThat(cutByTheTimer.get()).as("cancels the attempt-deadline timer made (each throwing)").isEqualTo(1);

            Thread next = new Thread(() -> catchThrowable(() -> dock.sessions().retrieve("vsn_A1b2C3d4E5f6G7h8J9k0L2", once)),
                    "next-read");
            next.setDaemon(true);
            next.start();
            next.join(TimeUnit.SECONDS.toMillis(20)); // a bound on a hang: it ends at its 1-s limit
            assertThat(next.isAlive()).as("a read of a 1-s callTimeout still in flight after 20 s").isFalse();
        } finally {
            application.dispatcher().executorService().shutdown();
            application.connectionPool().evictAll();
        }
    }

    @Test
    void everyCallInFlightEndsAtTheCloseWhateverTheApplicationsEventListenerThrows() throws Exception {
        OkHttpClient application = failingAtCancel();
        try (RawServer silent = new RawServer(conn -> { })) { // takes each request, never answers
            DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(silent.url("/dock")).okHttpClient(application)
                    .readTimeout(Duration.ofMinutes(10)).callTimeout(Duration.ofMinutes(10)).build();
            List<Thread> calls = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                String session = "vsn_A1b2C3d4E5f6G7h8J9k0L" + i; // one read at a time per session: three sessions
                Thread call = new Thread(() -> catchThrowable(() -> dock.sessions().retrieve(session,
                        RequestOptions.builder().maxRetries(0).build())), "read-" + i);
                call.setDaemon(true);
                call.start();
                calls.add(call);
            }
            Await.awaitTrue(() -> silent.heads.size() == 3);

            Throwable closing = catchThrowable(dock::close);

            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a bound on a hang: each ends at once
            for (Thread call : calls) {
                call.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime())));
            }
            assertThat(calls).as("reads still in flight after close() (it threw %s)", String.valueOf(closing))
                    .noneMatch(Thread::isAlive);
        } finally {
            application.dispatcher().executorService().shutdown();
            application.connectionPool().evictAll();
        }
    }
}
