package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Review of d57a7932: {@code closeClients()} sets {@code clientsClosed} before it waits for the calls
 * outside waits to end. Through that grace period the clients made before stay open (a new call of
 * theirs goes out and is waited for), but a client made lazily in it (a job still running asks for
 * its first Dokai client) is closed as it is made: its first call fails with ClientClosedException
 * while the other clients' calls are still given their time. Closed "as it is made" should start where
 * the clients are actually closed, after the wait.
 */
class LateClientDuringCallsDrainTest {

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aClientMadeWhileCallsInProgressStillHaveTheirTimeIsNotClosedBeforeTheOthers() throws Exception {
        ClientShutdown shutdown = new ClientShutdown(Duration.ofMinutes(5));
        shutdown.setApplicationContext(closingContext());
        AtomicBoolean earlyClosed = new AtomicBoolean();
        shutdown.closeAtShutdown((AutoCloseable) () -> earlyClosed.set(true));
        CallStart call = CallStart.builder().id(1).service(Service.DOCK).operation("dock.sessions.retrieve").build();
        shutdown.listener().onCallStart(call); // a call outside waits, in progress

        CountDownLatch stopped = new CountDownLatch(1);
        shutdown.stop(stopped::countDown);
        Thread closer = awaitWaiting("verifykit-shutdown");

        AtomicBoolean lateClosed = new AtomicBoolean();
        shutdown.closeAtShutdown((AutoCloseable) () -> lateClosed.set(true)); // made lazily now
        boolean lateClosedDuringDrain = lateClosed.get();
        boolean earlyClosedDuringDrain = earlyClosed.get();

        shutdown.listener().onCallEnd(call, CallEnd.builder().attempts(1).duration(Duration.ofMillis(5)).build());
        assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(earlyClosedDuringDrain).as("the client made before, while the call in progress had its time").isFalse();
        assertThat(lateClosedDuringDrain).as("the client made lazily while the call in progress had its time"
                + " (the one made before was still open)").isFalse();
        assertThat(earlyClosed).isTrue();
        assertThat(lateClosed).as("closed with the others once the calls ended").isTrue();
    }

    /** The thread named {@code name} once it waits (for the calls in progress to end). */
    private static Thread awaitWaiting(String name) throws InterruptedException {
        while (true) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name) && t.getState() == Thread.State.TIMED_WAITING) {
                    return t;
                }
            }
            Thread.sleep(1); // a condition polled, not a time assumed: the test's @Timeout bounds it
        }
    }

    private static ConfigurableApplicationContext closingContext() {
        return (ConfigurableApplicationContext) Proxy.newProxyInstance(LateClientDuringCallsDrainTest.class.getClassLoader(),
                new Class<?>[] {ConfigurableApplicationContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "closing context";
                    default -> null;
                });
    }
}
