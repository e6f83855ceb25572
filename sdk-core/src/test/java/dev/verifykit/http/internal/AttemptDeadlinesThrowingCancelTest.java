package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.internal.SystemScheduler;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * {@code AttemptDeadlines.check()} now catches what a cancel throws (the application's OkHttp
 * {@code EventListener.canceled}) and then rethrows it "to the timer, which keeps it (as it would
 * without this catch)". The client's timer is a {@link SystemScheduler}, which runs a due task on a
 * worker with {@code ThreadPoolExecutor.execute}: nothing keeps it. The throwable goes to the JVM's
 * uncaught-exception handler (a stack trace on standard error by default, an application's handler
 * otherwise) and kills the worker thread, on every attempt cut at its limit.
 *
 * <p>Deterministic: the worker that ran the check is recorded in {@code canceled()}; afterwards it
 * either idles in the pool (parked in {@code ThreadPoolExecutor.getTask}: nothing thrown) or dies
 * (TERMINATED: thrown, its handler run).
 */
class AttemptDeadlinesThrowingCancelTest {
    @Test
    void aThrowingCancelAtTheTimeLimitDoesNotReachTheUncaughtExceptionHandler() throws Exception {
        AtomicReference<Thread> checker = new AtomicReference<>();
        CountDownLatch cancelled = new CountDownLatch(1);
        OkHttpClient application = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void canceled(Call call) {
                checker.set(Thread.currentThread());
                cancelled.countDown();
                throw new IllegalStateException("the application's event listener failed");
            }
        }).build();
        AtomicReference<Throwable> uncaught = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.set(e));
        SystemScheduler timer = SystemScheduler.newTimer();
        try {
            AttemptDeadlines deadlines = new AttemptDeadlines(timer);
            Call call = application.newCall(new Request.Builder().url("http://127.0.0.1:9/v2/sessions/vs_1").build());
            deadlines.watch(call, TimeUnit.MILLISECONDS.toNanos(1));

            assertThat(cancelled.await(30, TimeUnit.SECONDS)).as("cut at its limit").isTrue();
            Thread worker = checker.get();
            Thread.State state;
            while ((state = worker.getState()) != Thread.State.TERMINATED && !idle(worker, state)) {
                Thread.onSpinWait();
            }
            worker.join(0, 1); // a dying worker: its handler has run once TERMINATED is seen

            assertThat(uncaught.get()).as("thrown to the timer's worker, i.e. to the JVM's uncaught-exception handler")
                    .isNull();
            assertThat(state).as("the timer's worker").isNotEqualTo(Thread.State.TERMINATED);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            timer.close();
            application.dispatcher().executorService().shutdown();
        }
    }

    /** Whether {@code worker} waits for a task in its pool, its task over. */
    private static boolean idle(Thread worker, Thread.State state) {
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Arrays.stream(worker.getStackTrace()).anyMatch(frame -> frame.getMethodName().equals("getTask"))
                && worker.getState() == state;
    }
}
