package dev.verifykit.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.time.internal.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    /**
     * The class's Javadoc sample asserts the sleeps a client chose, and they are what it gets. It
     * asserted that "a call that retried once" slept exactly 3 s, which no retry does: a retry's
     * wait has up to the policy's {@code baseDelay} of jitter (a {@code Retry-After: 3} slept 3.3 s,
     * 3.4 s), so a test copied from it failed at random. A wait's intervals have none.
     */
    @Test
    void theJavadocSampleAssertsSleepsTheClientTakes() throws Exception {
        String sample = Files.readString(Path.of("src/main/java/dev/verifykit/time/VirtualScheduler.java"));
        sample = sample.substring(sample.indexOf("<pre>{@code"), sample.indexOf("}</pre>"));
        assertThat(sample).as("the sample").contains("DokaiClient.builder().apiKey(key).scheduler(time).build()")
                .contains("assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));");

        try (MockWebServer server = new MockWebServer()) {
            server.start();
            for (String status : List.of("pending", "pending", "verified")) {
                server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body("{\"id\":\"ver_abc123\",\"status\":\"" + status + "\",\"type\":\"hosted\","
                                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":\"2026-01-02T00:00:00Z\"}").build());
            }
            VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
            try (DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_sample")
                    .baseUrl(server.url("/").toString()).scheduler(time).build()) {
                dokai.verifySessions().awaitResult("ver_abc123");
            }
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
        }
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sleepAdvancesTheClockAndIsRecorded() throws Exception {
        VirtualScheduler time = VirtualScheduler.manual(T0);
        time.sleep(Duration.ofSeconds(3));
        time.sleep(Duration.ofMillis(500));
        assertThat(time.now()).isEqualTo(T0.plusMillis(3500));
        assertThat(time.nanoTime()).isEqualTo(3_500_000_000L);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(500));
        assertThat(time.totalWaited()).isEqualTo(Duration.ofMillis(3500));
    }

    @Test
    void theMillisecondClockReadsTheSameTimeAsNow() {
        VirtualScheduler time = VirtualScheduler.manual(T0);
        time.advance(Duration.ofNanos(2_345_678_901L));

        assertThat(time.currentTimeMillis()).isEqualTo(T0.toEpochMilli() + 2_345);
        assertThat(Scheduler.system().currentTimeMillis())
                .isBetween(Instant.now().toEpochMilli() - 60_000, Instant.now().toEpochMilli() + 60_000);
    }

    @Test
    void manualTasksRunInDueOrderOnlyWhenAdvanced() {
        VirtualScheduler time = VirtualScheduler.manual(T0);
        List<String> ran = new CopyOnWriteArrayList<>();
        time.schedule(Duration.ofSeconds(2), () -> ran.add("b@" + time.now()));
        time.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + time.now()));
        Cancellable c = time.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        c.cancel();
        assertThat(ran).isEmpty();
        assertThat(time.pendingTasks()).isEqualTo(2);

        time.advance(Duration.ofMillis(1500));
        assertThat(ran).containsExactly("a@" + T0.plusSeconds(1));
        assertThat(time.now()).isEqualTo(T0.plusMillis(1500));

        time.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("a@" + T0.plusSeconds(1), "b@" + T0.plusSeconds(2));
        assertThat(time.scheduledDelays()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void autoAdvancingRunsTasksAtOnceWithTheClockAtTheirDueTime() throws Exception {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(T0);
        CountDownLatch done = new CountDownLatch(1);
        Instant[] seen = new Instant[1];
        time.schedule(Duration.ofMinutes(5), () -> {
            seen[0] = time.now();
            done.countDown();
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue(); // a hang guard
        assertThat(seen[0]).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void anInterruptedSleepThrows() {
        VirtualScheduler time = VirtualScheduler.manual(T0);
        Thread.currentThread().interrupt();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> time.sleep(Duration.ofSeconds(1)))
                .isInstanceOf(InterruptedException.class);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void theSystemSchedulerRunsDelayedTasksOnADaemonThread() throws Exception {
        Scheduler system = Scheduler.system();
        CountDownLatch ran = new CountDownLatch(1);
        boolean[] daemon = new boolean[1];
        system.schedule(Duration.ofMillis(1), () -> {
            daemon[0] = Thread.currentThread().isDaemon();
            ran.countDown();
        });
        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue(); // a hang guard
        assertThat(daemon[0]).isTrue();
        // Cancelled before its time whatever the machine's speed: both tasks are due in an hour, and a
        // timer's close() runs every task not yet run at once, one after another on one thread (timer
        // tasks run on worker threads, so a task holding one no longer holds the timer back, and a
        // task due in 1 ms could run before its cancel() on a loaded machine)
        SystemScheduler timer = SystemScheduler.newTimer();
        CountDownLatch never = new CountDownLatch(1);
        timer.schedule(Duration.ofHours(1), never::countDown).cancel();
        CountDownLatch after = new CountDownLatch(1);
        Thread[] closeRunner = new Thread[1];
        timer.schedule(Duration.ofHours(1), () -> {
            closeRunner[0] = Thread.currentThread();
            after.countDown();
        });
        timer.close();
        assertThat(after.await(10, TimeUnit.SECONDS)).as("close() ran the task not yet run").isTrue();
        closeRunner[0].join(TimeUnit.SECONDS.toMillis(10)); // it runs the others, if any, before it ends
        assertThat(closeRunner[0].isAlive()).isFalse();
        assertThat(never.getCount()).as("the cancelled task did not run").isEqualTo(1);
        long before = system.nanoTime();
        system.sleep(Duration.ofMillis(5));
        assertThat(system.nanoTime() - before).isGreaterThanOrEqualTo(5_000_000L);
        assertThat(Duration.between(system.now(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    /**
     * The schedulers take any {@link Duration}, the longest ({@code ChronoUnit.FOREVER}'s, "never")
     * included: {@code Duration.toNanos} threw {@code ArithmeticException} out of
     * {@code Scheduler.system().schedule} (after it had kept the task among those its close runs) and
     * out of the virtual scheduler's {@code schedule}, {@code sleep} and {@code advance}.
     */
    @Test
    void theLongestDurationIsNoOverflow() throws Exception {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        AtomicInteger ran = new AtomicInteger();
        Scheduler.system().schedule(forever, ran::incrementAndGet).cancel();

        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        time.schedule(Duration.ofSeconds(1), ran::incrementAndGet);
        time.schedule(forever, ran::incrementAndGet);
        time.advance(forever);
        assertThat(ran).as("the tasks due in 1 s and at the longest: advancing the longest goes as far as time counts")
                .hasValue(2);

        VirtualScheduler sleeping = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        sleeping.sleep(forever);
        assertThat(sleeping.nanoTime()).isPositive();
    }

    /**
     * "The longest values are taken without overflow" (CHANGELOG): a virtual scheduler given the
     * longest delay takes it, but its own account of the time asked for, {@code totalWaited()},
     * summed it with {@code Duration.plus} and threw {@code ArithmeticException} at the next delay.
     */
    @Test
    void theTimeWaitedAfterTheLongestDelayIsNoOverflow() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
        time.schedule(forever, () -> { });
        time.schedule(Duration.ofSeconds(1), () -> { });

        assertThatCode(time::totalWaited).doesNotThrowAnyException();
        assertThat(time.totalWaited()).isEqualTo(forever);
    }
}
