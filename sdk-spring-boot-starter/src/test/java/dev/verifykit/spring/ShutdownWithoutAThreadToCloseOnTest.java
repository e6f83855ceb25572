package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/**
 * "Nothing is lost on a background thread" for the clients' close at a context's close, which runs on
 * a thread of its own ({@code verifykit-shutdown}) so that the other beans of its phase stop beside
 * it. A process at its thread limit cannot start it ({@code OutOfMemoryError: unable to create native
 * thread}): the error went out of {@code stop(Runnable)}, the phase's callback was never run (Spring
 * logs "Failed to stop bean" and counts the bean out), and the clients were not closed in the phase:
 * a client the shutdown closes only (made as the application asked) stayed open, and the auto-configured
 * ones were left to Spring's {@code destroyMethod}, without the wait for the calls in progress. They
 * are now closed on the thread Spring stops the phase on, and the callback run.
 */
class ShutdownWithoutAThreadToCloseOnTest {
    private static final ThreadFactory CANNOT_START = task -> new Thread(task) {
        @Override
        public synchronized void start() {
            throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
        }
    };

    @Test
    void theClientsAreClosedAndThePhaseToldWhenNoThreadCanBeStarted() {
        ClientShutdown shutdown = new ClientShutdown(Duration.ofSeconds(1), CANNOT_START);
        AtomicInteger closes = new AtomicInteger();
        shutdown.closeAtShutdown(closes::incrementAndGet);
        GenericApplicationContext context = new GenericApplicationContext();
        context.refresh();
        context.close(); // the shutdown acts for a closing context only
        shutdown.setApplicationContext(context);
        AtomicInteger callbacks = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> shutdown.stop(callbacks::incrementAndGet));

        assertThat(thrown).as("what stop(Runnable) threw").isNull();
        assertThat(closes).as("the client's closes").hasValue(1);
        assertThat(callbacks).as("the phase's callbacks").hasValue(1);
    }

    @Test
    void inAContextsCloseTheClientsAreClosedInTheirPhase() {
        ClientShutdown shutdown = new ClientShutdown(Duration.ofSeconds(1), CANNOT_START);
        AtomicInteger closes = new AtomicInteger();
        shutdown.closeAtShutdown(closes::incrementAndGet); // not a bean: no destroyMethod closes it
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean("verifyKitClientShutdown", ClientShutdown.class, () -> shutdown);
        context.refresh();

        context.close();

        assertThat(closes).as("the client's closes").hasValue(1);
    }
}
