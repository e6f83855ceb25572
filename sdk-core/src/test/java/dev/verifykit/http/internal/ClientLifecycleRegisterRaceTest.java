package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.testing.Background;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * ClientLifecycle.register read {@code closed} (an argument, evaluated first) before it
 * added the end to the set close() walks. A close() that landed between the two neither saw the end
 * (not yet added) nor was seen by it (read before): the end never ran. For ClientLifecycle.sleep
 * (a create's token wait, a read's turn, a retry's delay, a Roblox hour's pause) and
 * interruptibly (a store call), the thread was then not woken and slept its whole duration after
 * close() returned. The window is made wide here by an end whose hashCode (called by the set's add,
 * before the insertion) waits for the close.
 */
class ClientLifecycleRegisterRaceTest {
    @Test
    void anEndRegisteredAsTheClientClosesStillRuns() throws Exception {
        ClientLifecycle lifecycle = new ClientLifecycle(Service.DOCK);
        CountDownLatch adding = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        Runnable end = new Runnable() {
            @Override
            public void run() {
                ran.set(true);
            }

            @Override
            public int hashCode() {
                adding.countDown();
                try {
                    closed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 42;
            }
        };
        CompletableFuture<Runnable> registered = Background.supply(() -> lifecycle.onClose(end));
        assertThat(adding.await(30, TimeUnit.SECONDS)).isTrue();

        lifecycle.close();
        closed.countDown();
        registered.get(30, TimeUnit.SECONDS);

        assertThat(ran).as("the end registered as close() ran (a sleeper's wake-up)").isTrue();
    }
}
