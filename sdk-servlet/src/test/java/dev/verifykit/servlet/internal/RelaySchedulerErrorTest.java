package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.ForwardingScheduler;
import dev.verifykit.testing.LoggedWarnings;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * "Nothing is lost on a background thread" for the relay's timers: a {@code RelaySettings.scheduler}
 * of the application's failing with an {@link Error} as a timer is handed to it (a
 * {@code ScheduledExecutorService} that must start a thread: {@code OutOfMemoryError: unable to create
 * native thread}). The relay coped with a {@code RuntimeException} only (a refusal,
 * {@code RelayKeepAliveRefusedTest}); an {@code Error} went on: out of a browser's subscribe before its
 * close hook was set (the browser counted and its Dock stream open for good), out of the keep-alive
 * task on the scheduler's thread (where an executor's future keeps it: keep-alives stopped, nothing
 * logged), and out of a session's end before its browsers' disconnect was set (a browser that does not
 * read kept for good). Now an {@code Error} is treated as the refusal is, and logged. Sequenced on the
 * virtual scheduler, each step on the test's thread.
 */
class RelaySchedulerErrorTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();
    private final FailingScheduler scheduler = new FailingScheduler(time);
    private final RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler, KEEP_ALIVE,
            Duration.ofSeconds(3), 10, Duration.ofMinutes(1), 10, 8, 100, 256 * 1024, 64L << 20);

    /**
     * The virtual clock, whose {@code n}-th schedule (1 for the first) fails with an {@link Error}, and
     * whose monotonic clock fails once told to.
     */
    private static final class FailingScheduler extends ForwardingScheduler {
        final AtomicInteger schedules = new AtomicInteger();
        volatile int failing;
        volatile boolean clockFails;

        FailingScheduler(VirtualScheduler inner) {
            super(inner);
        }

        @Override
        public long nanoTime() {
            if (clockFails) {
                throw new IllegalStateException("the application's clock failed");
            }
            return super.nanoTime();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            if (schedules.incrementAndGet() == failing) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
            }
            return super.schedule(delay, task);
        }
    }

    @Test
    void anErrorForTheFirstKeepAliveLeavesNothingBehind() {
        scheduler.failing = 1;
        TestSink browser = new TestSink();

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<LogRecord> logged = LoggedWarnings.during("dev.verifykit.servlet", () -> {
            thrown.set(catchThrowable(() -> relay.subscribe(SESSION, null, browser)));
            browser.close(); // the browser goes away (or the servlet answered 500 and closed it)
        });

        assertThat(relay.browsers()).as("browsers counted once the only one was closed").isZero();
        assertThat(streams.openNow).as("Dock streams left open").hasValue(0);
        assertThat(relay.upstreams()).as("upstreams counted").isZero();
        assertThat(thrown.get()).as("thrown out of the browser's subscribe").isNull();
        assertThat(logged).as("warnings logged").anySatisfy(record ->
                assertThat(record.getThrown()).isInstanceOf(OutOfMemoryError.class));
    }

    @Test
    void anErrorForALaterKeepAliveIsLoggedNotThrownOnTheTimersThread() {
        scheduler.failing = 2; // the first keep-alive is set as the browser joins; the next, as it is sent
        TestSink browser = new TestSink();
        assertThat(relay.subscribe(SESSION, null, browser)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);

        List<LogRecord> logged = LoggedWarnings.during("dev.verifykit.servlet", () -> {
            Throwable thrown = catchThrowable(() -> time.advance(KEEP_ALIVE));
            assertThat(thrown).as("thrown on the scheduler's thread (an executor's future keeps it unseen)").isNull();
        });

        assertThat(String.join("", browser.frames)).as("frames sent").contains(new String(SessionFrames.KEEP_ALIVE));
        assertThat(logged).as("warnings logged").anySatisfy(record ->
                assertThat(record.getThrown()).isInstanceOf(OutOfMemoryError.class));
        relay.close();
        assertThat(relay.browsers()).isZero();
    }

    /**
     * At a session's end, on the stream's thread: the {@code Error} thrown out of {@code onTerminal} was
     * told by the core's stream to the hub's {@code onError}, which keeps it unlogged for an end that had
     * been handled already, and the browser that did not read was never disconnected.
     */
    @Test
    void anErrorForTheDisconnectAtASessionsEndEndsItsBrowsersAtOnce() {
        scheduler.failing = 2; // the keep-alive as the browser joins; then the disconnect at the end
        TestSink browser = new TestSink(); // reads nothing: it is disconnected a keep-alive period after the end
        relay.subscribe(SESSION, null, browser);
        SessionListener upstream = streams.listeners.get(0);
        DockSession completed = completed();
        upstream.onSession(completed);

        Throwable thrown = catchThrowable(() -> upstream.onTerminal(completed));

        assertThat(browser.isClosed()).as("the browser's stream ended").isTrue();
        assertThat(relay.browsers()).as("browsers counted").isZero();
        assertThat(String.join("", browser.frames)).as("frames sent").contains("completed");
        assertThat(thrown).as("thrown into the upstream's listener call").isNull();
    }

    @Test
    void anErrorForTheDisconnectOfABrowserSentAKeptEndEndsItAtOnce() {
        TestSink first = new TestSink();
        relay.subscribe(SESSION, null, first);
        DockSession completed = completed();
        streams.listeners.get(0).onSession(completed);
        streams.listeners.get(0).onTerminal(completed); // its end is kept
        scheduler.failing = scheduler.schedules.get() + 1; // the disconnect of the next browser sent it
        TestSink reconnected = new TestSink();

        Throwable thrown = catchThrowable(() -> assertThat(relay.subscribe(SESSION, null, reconnected))
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED));

        assertThat(String.join("", reconnected.frames)).as("frames sent").contains("completed");
        assertThat(reconnected.isClosed()).as("the browser's stream ended").isTrue();
        assertThat(thrown).as("thrown out of the browser's subscribe").isNull();
        relay.close();
        assertThat(relay.browsers()).isZero();
        assertThat(time.pendingTasks()).as("timers left on the application's scheduler").isZero();
    }

    /**
     * An {@code Error} opening the upstream (pinned by {@code RelayRegistryTest}: the browser is told,
     * the hub leaves, the {@code Error} is thrown on) left the browser counted for good: it was moved to
     * the browsers finishing, counted out by a close hook that subscribe, thrown out of, never set.
     */
    @Test
    void aBrowserWhoseUpstreamFailedToOpenWithAnErrorIsCountedOutWhenItsStreamEnds() {
        streams.beforeOpen = number -> {
            throw new StackOverflowError();
        };
        TestSink browser = new TestSink();
        catchThrowable(() -> relay.subscribe(SESSION, null, browser));

        time.advance(KEEP_ALIVE); // the browser that did not read its end is disconnected

        assertThat(browser.isClosed()).as("the browser's stream ended").isTrue();
        assertThat(relay.browsers()).as("browsers counted once the only one was disconnected").isZero();
    }

    /**
     * The scheduler's clock failing as a session ends (read to date the end kept): the session's hub
     * stayed registered for good (every later browser of the session waited 5 s, then 503; a place
     * among {@code maxSessions} held), and its browsers were never disconnected. The end is not kept
     * (as one too large to keep is not), and the hub goes.
     */
    @Test
    void aClockFailingAsASessionEndsLeavesNoHubBehind() {
        TestSink browser = new TestSink();
        relay.subscribe(SESSION, null, browser);
        SessionListener upstream = streams.listeners.get(0);
        DockSession completed = completed();
        upstream.onSession(completed);
        scheduler.clockFails = true;

        catchThrowable(() -> upstream.onTerminal(completed)); // the stream's thread: whether it throws is not the point

        assertThat(relay.upstreams()).as("sessions the relay still counts").isZero();
        scheduler.clockFails = false;
        time.advance(KEEP_ALIVE);
        assertThat(browser.isClosed()).as("the browser that did not read its end is disconnected").isTrue();
        assertThat(relay.browsers()).as("browsers counted").isZero();
    }

    private static DockSession completed() {
        return DockSession.builder().id(SESSION).pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "completed")).expiresAt(Instant.parse("2026-01-01T00:05:00Z"))
                .verifyUrl("https://example.test/verify").build();
    }
}
