package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.testing.Background;
import dev.verifykit.time.Scheduler;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review of c7d00fe: in {@code Poller.Run.step} the store's failure is handled
 * ({@code catch (StoreUnavailableException) { onFailure(...) }}) before the {@code finally} that
 * ends the admission section, so the retry's progress report (the wait's listener), and a
 * {@code fail} (the caller's future callbacks), run inside the section, which {@code close()}
 * waits for (up to 5 s). "A section does no I/O but the store's" (ClientLifecycle.admitting). A
 * listener that takes a lock the closing thread holds (a synchronized listener, an application
 * closing its client under its own lock) then holds {@code close()} for the 5 s: close() waits on
 * a thread that waits for something close's thread holds.
 *
 * <p>No timing: the closing thread's stack is read while the listener is held.
 */
class CloseWaitsForAWaitsListenerTest {
    private static final String ID = "vsn_REVIEWreviewREVIEW0004";
    private static final long PATIENCE_SECONDS = 30;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DockClient dock;

    @AfterEach
    void close() {
        if (dock != null) {
            dock.close();
        }
    }

    @Test
    void closeDoesNotWaitForAWaitsListenerCalledAfterTheStoreFailed() throws Exception {
        Object lock = new Object();
        CountDownLatch lockHeld = new CountDownLatch(1);
        CountDownLatch inListener = new CountDownLatch(1);
        AtomicBoolean failedOnce = new AtomicBoolean();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(Scheduler.system())) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                if (failedOnce.compareAndSet(false, true)) {
                    try {
                        lockHeld.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("Redis is down");
                }
                return super.startRead(account, sessionId, rules);
            }
        };
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        WaitOptions options = WaitOptions.builder().listener(progress -> {
            inListener.countDown();
            synchronized (lock) { // a synchronized listener
                progress.attempts();
            }
        }).build();

        AtomicReference<Thread> closing = new AtomicReference<>();
        CompletableFuture<Void> closed = Background.run(() -> {
            synchronized (lock) { // the application closes its client under its own lock
                closing.set(Thread.currentThread());
                lockHeld.countDown();
                try {
                    inListener.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                dock.close();
            }
        });
        CompletableFuture<DockSession> waiting = dock.sessions().awaitCompletionAsync(ID, options);

        assertThat(inListener.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("the wait's listener told of the retry").isTrue();
        boolean closeWaitedForTheListener = false;
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!closed.isDone() && System.nanoTime() - giveUp < 0) {
            Thread thread = closing.get();
            if (thread != null && Arrays.stream(thread.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("awaitAdmissions"))) {
                closeWaitedForTheListener = true;
                break;
            }
            Thread.sleep(5); // polling the closing thread's state; no step depends on how long this is
        }
        closed.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertThat(closeWaitedForTheListener)
                .as("close() waited (ClientLifecycle.awaitAdmissions, up to 5 s) for a thread blocked in the wait's listener")
                .isFalse();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(server.getRequestCount()).as("nothing sent").isZero();
    }
}
