package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import dev.verifykit.time.internal.SystemScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The limits of attempts: a call past its limit is cancelled as expired (its owner told, when it
 * asked to be), one that ended in time is left alone, the timer is asked for one wake-up for many
 * attempts with equal limits (the point of the class: OkHttp's call timeout woke its watchdog on
 * every call), and close() cancels what is watched and what comes later, not as timeouts.
 */
class AttemptDeadlinesTest {
    private static final OkHttpClient OKHTTP = new OkHttpClient();
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-12-01T00:00:00Z"));
    private final AttemptDeadlines deadlines = new AttemptDeadlines(time);

    @AfterAll
    static void shutDown() {
        OKHTTP.dispatcher().executorService().shutdown();
    }

    private static Call call() {
        return OKHTTP.newCall(new Request.Builder().url("http://127.0.0.1:9/v2/sessions/vs_1").build());
    }

    @Test
    void anAttemptPastItsLimitIsCancelledAsExpired() {
        Call call = call();
        AttemptDeadlines.Watch watch = deadlines.watch(call, 2 * SECOND);

        time.advance(Duration.ofMillis(1999));
        assertThat(call.isCanceled()).as("cancelled before its limit").isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(call.isCanceled()).isTrue();
        assertThat(watch.expired()).isTrue();
    }

    @Test
    void aBlockingAttemptWhoseThreadIsInterruptedIsCancelledAtTheNextCheck() throws Exception {
        Call elsewhere = call();
        CountDownLatch watching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AttemptDeadlines.Watch[] other = new AttemptDeadlines.Watch[1];
        Thread blocked = new Thread(() -> { // a blocking attempt on a thread nobody interrupts
            other[0] = deadlines.watchBlocking(elsewhere, 60 * SECOND);
            watching.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        blocked.start();
        assertThat(watching.await(30, TimeUnit.SECONDS)).isTrue();
        Call here = call();
        AttemptDeadlines.Watch watch = deadlines.watchBlocking(here, 60 * SECOND);

        time.advance(AttemptDeadlines.INTERRUPT_CHECK);
        assertThat(here.isCanceled()).as("its thread is not interrupted").isFalse();

        Thread.currentThread().interrupt();
        try {
            time.advance(AttemptDeadlines.INTERRUPT_CHECK.minusNanos(1));
            assertThat(here.isCanceled()).as("not before the next check").isFalse();
            time.advance(Duration.ofNanos(1));
        } finally {
            Thread.interrupted();
        }
        assertThat(here.isCanceled()).isTrue();
        assertThat(watch.interrupted()).isTrue();
        assertThat(watch.expired()).as("not as a timeout").isFalse();
        assertThat(elsewhere.isCanceled()).as("another thread's attempt").isFalse();

        release.countDown();
        blocked.join();
        watch.close();
        other[0].close();
        time.advance(AttemptDeadlines.INTERRUPT_CHECK);
        assertThat(time.pendingTasks()).as("no interrupt check without a blocking attempt").isZero();
    }

    @Test
    void anAttemptThatEndedInTimeIsLeftAlone() {
        Call call = call();
        deadlines.watch(call, 2 * SECOND).close();

        time.advance(Duration.ofSeconds(5));
        assertThat(call.isCanceled()).isFalse();
        assertThat(time.pendingTasks()).as("nothing left to wake for").isZero();
    }

    @Test
    void attemptsWithEqualLimitsShareOneWakeUp() {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Call call = call();
            calls.add(call);
            try (AttemptDeadlines.Watch watch = deadlines.watch(call, 60 * SECOND)) {
                time.advance(Duration.ofMillis(1)); // the attempt takes a millisecond
            }
        }
        assertThat(time.scheduledDelays()).as("timer tasks for 1,000 attempts").hasSize(1);

        Call last = call();
        deadlines.watch(last, 60 * SECOND);
        time.advance(Duration.ofSeconds(59));
        // the first wake-up finds only the attempt still watched, and waits for it
        assertThat(time.scheduledDelays()).hasSize(2);
        assertThat(last.isCanceled()).isFalse();
        time.advance(Duration.ofSeconds(1));
        assertThat(last.isCanceled()).isTrue();
        assertThat(calls).noneMatch(Call::isCanceled);
    }

    @Test
    void anEarlierLimitWatchedLaterIsKeptToo() {
        Call longer = call();
        Call shorter = call();
        AttemptDeadlines.Watch longerWatch = deadlines.watch(longer, 60 * SECOND);
        deadlines.watch(shorter, SECOND);

        time.advance(Duration.ofSeconds(1));
        assertThat(shorter.isCanceled()).isTrue();
        assertThat(longer.isCanceled()).isFalse();
        time.advance(Duration.ofSeconds(59));
        assertThat(longer.isCanceled()).isTrue();
        assertThat(longerWatch.expired()).isTrue();
    }

    @Test
    void anOwnerIsToldOfATimeoutAfterItsCallIsCancelledButNotOfAClose() {
        Call timingOut = call();
        Call closing = call();
        List<String> told = new ArrayList<>();
        deadlines.watch(timingOut, SECOND, () -> told.add("timed out, cancelled: " + timingOut.isCanceled()));
        deadlines.watch(closing, 60 * SECOND, () -> told.add("closed"));

        time.advance(Duration.ofSeconds(1));
        assertThat(told).containsExactly("timed out, cancelled: true");
        deadlines.close();
        assertThat(closing.isCanceled()).isTrue();
        assertThat(told).hasSize(1);
    }

    @Test
    void closeCancelsWhatIsWatchedAndWhatComesLaterButNotAsTimeouts() {
        Call inFlight = call();
        AttemptDeadlines.Watch watch = deadlines.watch(inFlight, 60 * SECOND);

        deadlines.close();
        assertThat(inFlight.isCanceled()).isTrue();
        assertThat(watch.expired()).isFalse();
        assertThat(time.pendingTasks()).isZero();

        Call late = call();
        AttemptDeadlines.Watch lateWatch = deadlines.watch(late, 60 * SECOND);
        assertThat(late.isCanceled()).as("an attempt begun after close").isTrue();
        assertThat(lateWatch.expired()).isFalse();
        assertThat(time.pendingTasks()).isZero();
    }

    /**
     * Threads watching attempts with short limits while the timer expires others: none is missed
     * (an attempt added while the timer task looks for the next deadline is either seen by it or
     * schedules its own wake-up). Each limit is at most 5 ms; the bound is a minute.
     */
    @Test
    void noAttemptIsMissedWhileTheTimerRuns() throws Exception {
        SystemScheduler timer = SystemScheduler.newTimer();
        AttemptDeadlines real = new AttemptDeadlines(timer);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Call>>> batches = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                batches.add(threads.submit(() -> {
                    List<Call> mine = new ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        Call call = call();
                        mine.add(call);
                        real.watch(call, ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(5)));
                    }
                    return mine;
                }));
            }
            List<Call> all = new ArrayList<>();
            for (Future<List<Call>> batch : batches) {
                all.addAll(batch.get(1, TimeUnit.MINUTES));
            }
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < end && !all.stream().allMatch(Call::isCanceled)) {
                Thread.sleep(10);
            }
            assertThat(all).allMatch(Call::isCanceled);
        } finally {
            threads.shutdownNow();
            real.close();
            timer.close();
        }
    }
}
