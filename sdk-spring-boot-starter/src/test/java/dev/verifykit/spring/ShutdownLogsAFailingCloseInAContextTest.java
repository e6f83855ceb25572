package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/**
 * In a real context's close Spring stops the clients' shutdown through {@code stop(Runnable)}, which
 * closes the clients on a thread of its own. What a client's {@code close()} threw was rethrown there
 * after the phase's callback: it reached only that thread's uncaught-exception handler (a stack trace on
 * stderr), never the application's log, where Spring puts what a {@code stop()} throws ("Failed to stop
 * bean"). It is now logged, as Spring would.
 */
class ShutdownLogsAFailingCloseInAContextTest {

    @Test
    void whatAClientsCloseThrowsInAContextsCloseIsLoggedNotLeftToTheThread() throws Exception {
        IllegalStateException failure = new IllegalStateException("the application's timer pool is shut down");
        ClientShutdown shutdown = new ClientShutdown(Duration.ofSeconds(1));
        shutdown.closeAtShutdown(() -> {
            throw failure;
        });
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        List<Throwable> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    logged.add(record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Logger root = Logger.getLogger("");
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        root.addHandler(capture);
        try {
            GenericApplicationContext context = new GenericApplicationContext();
            context.registerBean("verifyKitClientShutdown", ClientShutdown.class, () -> shutdown);
            context.refresh();

            context.close(); // Spring: stop(Runnable), then waits for its callback

            // the closer thread, if still running, has only its rethrow (or its end) left
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("verifykit-shutdown")) {
                    thread.join(30_000);
                }
            }
        } finally {
            root.removeHandler(capture);
            Thread.setDefaultUncaughtExceptionHandler(before);
        }

        assertThat(uncaught).as("left to the closer thread's uncaught-exception handler").isEmpty();
        assertThat(logged).as("logged").contains(failure);
    }
}
