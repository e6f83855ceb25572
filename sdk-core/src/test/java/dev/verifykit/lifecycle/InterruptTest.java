package dev.verifykit.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A blocking call made on (or reaching) an interrupted thread ends with a VerifyKit exception and
 * keeps the thread's interrupt flag. OkHttp 5 throws a bare {@code InterruptedException} (a checked
 * exception no signature declares) from its connect race when the thread is interrupted before a
 * new connection is made, and clears the flag doing so: it escaped a create as itself, and ended a
 * read or a wait as "failed unexpectedly", the flag lost both times.
 */
class InterruptTest {
    private static final DockGuardrails FAST = DockGuardrails.builder().minPollInterval(Duration.ofMillis(50))
            .maxWait(Duration.ofSeconds(5)).holdSpread(Duration.ZERO).build();
    private final MockServer mock = MockServer.start(MockSettings.builder()
            .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(Duration.ofSeconds(5)).build())
            .build());

    @AfterEach
    void stop() {
        mock.close();
    }

    private DockClient client() {
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).guardrails(FAST).build();
    }

    private String sessionId() {
        try (DockClient dock = client()) {
            return dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build()).id();
        }
    }

    /** Runs {@code call} on a fresh thread whose interrupt flag is set first. */
    private static Ended onInterruptedThread(Callable<?> call) throws InterruptedException {
        Ended ended = new Ended();
        Thread thread = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                call.call();
            } catch (Throwable e) {
                ended.thrown.set(e);
            } finally {
                ended.flagKept.set(Thread.currentThread().isInterrupted());
                ended.done.countDown();
            }
        });
        thread.start();
        assertThat(ended.done.await(30, TimeUnit.SECONDS)).as("the call ended").isTrue();
        return ended;
    }

    private static final class Ended {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicBoolean flagKept = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
    }

    @Test
    void aCreateOnAnInterruptedThreadFailsTypedAndKeepsTheFlag() throws Exception {
        try (DockClient dock = client()) { // a new client: no pooled connection, so OkHttp connects
            Ended ended = onInterruptedThread(() -> dock.sessions().create(
                    CreateSessionParams.builder().pid("PID-FREE0001").clientId("u2").build()));

            assertThat(ended.thrown.get()).isInstanceOf(VerifyKitException.class).hasMessageContaining("interrupted");
            assertThat(ended.flagKept).as("the interrupt flag is kept").isTrue();
        }
    }

    @Test
    void aReadOrAWaitOnAnInterruptedThreadIsCancelledAndKeepsTheFlag() throws Exception {
        String id = sessionId();
        for (Consumer<DockClient> call : java.util.List.<Consumer<DockClient>>of(
                dock -> dock.sessions().retrieve(id),
                dock -> dock.sessions().awaitCompletion(id))) {
            try (DockClient dock = client()) {
                Ended ended = onInterruptedThread(() -> {
                    call.accept(dock);
                    return null;
                });

                assertThat(ended.thrown.get()).isInstanceOf(WaitCancelledException.class);
                assertThat(ended.flagKept).as("the interrupt flag is kept").isTrue();
                DockSession after = dock.sessions().retrieve(id);
                assertThat(after.id()).as("the session's next read is not refused").isEqualTo(id);
            }
        }
    }

    /**
     * An interrupt while a blocking wait's long-poll is held ends it. The long-poll is read on the
     * waiting thread (a blocking wait runs its calls on the caller's thread), and a socket read on a
     * platform thread does not see an interrupt: the wait ended (cancelled, flag kept) only when the
     * hold did, up to 25 s later. The client's timer now cancels a blocking attempt whose thread it
     * finds interrupted; the bound below is far under the hold, not a measure of speed: the hold is
     * 600 s and the bound 30 s (with the documented 25-s hold, the bound was 10 s, which a loaded
     * machine could pass).
     */
    @Test
    void anInterruptEndsABlockingWaitWhoseLongPollIsHeld() throws Exception {
        Duration hold = Duration.ofSeconds(600);
        try (MockServer slow = MockServer.start(MockSettings.builder()
                .dock(DockSettings.builder().minPollInterval(Duration.ofMillis(50)).maxWait(hold).build()).build());
             DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(slow.dockBaseUrl())
                     .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(50)).maxWait(hold)
                             .holdSpread(Duration.ZERO).build())
                     .build()) {
            String id = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u1").build()).id();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagKept = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            Thread waiter = new Thread(() -> {
                try {
                    dock.sessions().awaitCompletion(id);
                } catch (Throwable e) {
                    thrown.set(e);
                } finally {
                    flagKept.set(Thread.currentThread().isInterrupted());
                    done.countDown();
                }
            });
            waiter.start();
            for (int i = 0; i < 6000 && slow.dock().heldLongPolls() == 0; i++) {
                Thread.sleep(10); // until the long-poll is held, however long it takes to arrive
            }
            assertThat(slow.dock().heldLongPolls()).as("the 600-s long-poll is held").isEqualTo(1);

            waiter.interrupt();

            assertThat(done.await(30, TimeUnit.SECONDS)).as("ended well before the hold's 600 s").isTrue();
            assertThat(thrown.get()).isInstanceOfSatisfying(WaitCancelledException.class,
                    e -> assertThat(e.clientClosed()).as("its caller's doing, not a close").isFalse());
            assertThat(flagKept).as("the interrupt flag is kept").isTrue();
        }
    }
}
