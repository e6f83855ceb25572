package dev.verifykit.time.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.testing.DockInternals;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * No VerifyKit timer thread pins an application's class loader: each client has a timer of its
 * own that its close() ends, a timer thread ends when idle, and it never carries the context class
 * loader of the application thread that happened to schedule first.
 */
class TimerThreadTest {
    private static Thread threadOf(Scheduler scheduler) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        scheduler.schedule(Duration.ZERO, () -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachClientHasATimerOfItsOwnThatItsCloseEnds() throws Exception {
        DockClient first = DockClient.builder().apiKey("dk_test_timer").build();
        DockClient second = DockClient.builder().apiKey("dk_test_timer").build();
        Scheduler firstTimer = DockInternals.scheduler(first);
        Scheduler secondTimer = DockInternals.scheduler(second);
        assertThat(firstTimer).isInstanceOf(SystemScheduler.class)
                .isNotSameAs(Scheduler.system()).isNotSameAs(secondTimer);

        Thread firstThread = threadOf(firstTimer);
        Thread secondThread = threadOf(secondTimer);
        assertThat(firstThread).isNotSameAs(secondThread);
        assertThat(firstThread.getName()).startsWith("verifykit-timer-");
        assertThat(firstThread.isDaemon()).isTrue();

        CountDownLatch pending = new CountDownLatch(1);
        firstTimer.schedule(Duration.ofHours(1), pending::countDown);
        first.close();
        firstThread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(firstThread.isAlive()).as("the closed client's timer thread").isFalse();
        assertThat(((SystemScheduler) firstTimer).awaitTermination(Duration.ofSeconds(10))).isTrue();
        // a task pending at close, and one scheduled after, run at once (they find the client closed), not never
        assertThat(pending.await(10, TimeUnit.SECONDS)).as("the task pending at close ran").isTrue();
        CountDownLatch late = new CountDownLatch(1);
        firstTimer.schedule(Duration.ofHours(1), late::countDown);
        assertThat(late.await(10, TimeUnit.SECONDS)).as("the task scheduled after close ran").isTrue();

        assertThat(secondThread.isAlive()).as("the open client's timer thread").isTrue();
        second.close();
        secondThread.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(secondThread.isAlive()).isFalse();
    }

    @Test
    void aSchedulerTheCallerGaveIsKeptAndNotClosed() {
        Scheduler given = SystemScheduler.newTimer();
        try (DockClient dock = DockClient.builder().apiKey("dk_test_timer").scheduler(given).build()) {
            assertThat(DockInternals.scheduler(dock)).isSameAs(given);
        }
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        given.schedule(Duration.ZERO, () -> ran.complete(true));
        assertThat(ran.join()).as("the caller's timer still runs after the client closed").isTrue();
        ((SystemScheduler) given).close();
    }

    @Test
    void anIdleTimerThreadEndsWithoutClose() throws Exception {
        SystemScheduler timer = new SystemScheduler(Duration.ofMillis(20));
        Thread thread = threadOf(timer);
        thread.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(thread.isAlive()).as("the idle timer thread").isFalse();
        // and a later task starts a new one
        Thread next = threadOf(timer);
        assertThat(next).isNotSameAs(thread);
        timer.close();
    }

    @Test
    void theTimerThreadCarriesTheLibrarysClassLoaderNotTheSchedulingThreads() throws Exception {
        SystemScheduler timer = SystemScheduler.newTimer();
        ClassLoader application = new URLClassLoader(new URL[0], null);
        CompletableFuture<ClassLoader> seen = new CompletableFuture<>();
        Thread caller = new Thread(() -> timer.schedule(Duration.ZERO,
                () -> seen.complete(Thread.currentThread().getContextClassLoader())));
        caller.setContextClassLoader(application);
        caller.start();
        caller.join();
        assertThat(seen.get(10, TimeUnit.SECONDS))
                .isSameAs(SystemScheduler.class.getClassLoader())
                .isNotSameAs(application);
        timer.close();
    }

    private static final InheritableThreadLocal<Object> APPLICATION = new InheritableThreadLocal<>();

    /**
     * A timer's threads carry nothing of the application thread that happened to start them: not its
     * context class loader (above), nor its inheritable thread-locals. Java copies an
     * {@link InheritableThreadLocal}'s values into every thread the holding thread creates; the shared
     * {@code Scheduler.system()} timer, started by one web application's request and kept busy by
     * another's verifier, then kept the first one's values, and through them its class loader, for as
     * long as it ran ("nothing here pins a class loader for longer than it works").
     */
    @Test
    void theTimerAndItsWorkersInheritNoThreadLocalOfTheSchedulingThread() throws Exception {
        SystemScheduler timer = SystemScheduler.newTimer();
        try {
            ClassLoader application = new URLClassLoader(new URL[0], null);
            CompletableFuture<Object> seen = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                APPLICATION.set(application); // e.g. a logging context or a request-scoped holder of the application
                timer.schedule(Duration.ZERO, () -> seen.complete(String.valueOf(APPLICATION.get())));
                APPLICATION.remove();
            });
            caller.start();
            caller.join();
            assertThat(seen.get(10, TimeUnit.SECONDS))
                    .as("the value of the scheduling thread's inheritable thread-local, seen on the timer's thread")
                    .isEqualTo("null");
        } finally {
            timer.close();
        }
    }

    /** The application's code: schedules a task, so that the timer thread starts from its stack. */
    public static final class Application implements Consumer<SystemScheduler> {
        @Override
        public void accept(SystemScheduler timer) {
            timer.schedule(Duration.ZERO, Application::nothing);
        }

        private static void nothing() {}
    }

    /**
     * A timer thread started from an application's code (a web application's class on the stack that
     * scheduled first) must not keep that application's class loader once the application is gone:
     * the shared {@code Scheduler.system()} timer, kept busy by another application, is never closed
     * ("nothing here pins a class loader for longer than it works"). On Java 17 a new thread records
     * the access-control context of the stack that made it ({@code Thread.inheritedAccessControlContext}),
     * the protection domains of the application's classes and through them its class loader; the
     * timer's workers, made by the timer thread, inherit it in turn.
     */
    @Test
    void aTimerThreadStartedByAnApplicationsClassLetsItsLoaderGo() throws Exception {
        SystemScheduler timer = SystemScheduler.newTimer();
        try {
            WeakReference<ClassLoader> application = scheduleFromAnApplication(timer);
            // the timer thread stays up (as the shared one does for other applications)
            Cancellable keep = timer.schedule(Duration.ofHours(1), () -> { });
            // until the loader is gone (the application's task run and its threads' references dropped), 30 s at most
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (application.get() != null && System.nanoTime() < giveUp) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(application.get()).as("the application's class loader, after it was let go").isNull();
            keep.cancel();
        } finally {
            timer.close();
        }
    }

    private static WeakReference<ClassLoader> scheduleFromAnApplication(SystemScheduler timer) throws Exception {
        ApplicationLoader loader = new ApplicationLoader(TimerThreadTest.class.getClassLoader());
        @SuppressWarnings("unchecked")
        Consumer<SystemScheduler> code = (Consumer<SystemScheduler>) loader.loadClass(Application.class.getName())
                .getDeclaredConstructor().newInstance();
        assertThat(code.getClass().getClassLoader()).isSameAs(loader);
        Thread request = new Thread(() -> code.accept(timer)); // a request thread of the application's
        request.setContextClassLoader(loader);
        request.start();
        request.join();
        return new WeakReference<>(loader);
    }

    /** A web application's class loader: defines {@link Application} itself, with a code source of its own. */
    private static final class ApplicationLoader extends URLClassLoader {
        ApplicationLoader(ClassLoader parent) {
            super(new URL[0], parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(Application.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    ProtectionDomain domain = new ProtectionDomain(
                            new CodeSource(new URL("file:/webapps/app/WEB-INF/classes/"), (Certificate[]) null), null, this, null);
                    return defineClass(name, bytes, 0, bytes.length, domain);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
