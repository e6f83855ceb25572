package dev.verifykit.http.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a client's waiting calls (long-polls, streams) when the caller gave no
 * {@code waitExecutor}: on Java 21+ a virtual thread per call, so that thousands of held calls
 * cost no platform thread each; before that, a cached pool of daemon platform threads. Both are
 * named {@code verifykit-wait-N}.
 *
 * <p>The library is compiled for Java 17, so the Java 21 API ({@code Thread.ofVirtual()},
 * {@code Executors.newThreadPerTaskExecutor}) is looked up once, at first use, by reflection.
 */
public final class WaitThreads {
    private static final String NAME = "verifykit-wait-";
    private static final Method[] VIRTUAL = virtualApi();

    private WaitThreads() {}

    /** Whether waits run on virtual threads by default (Java 21+). */
    public static boolean virtual() {
        return VIRTUAL != null;
    }

    /**
     * Whether waits run on virtual threads that a monitor pins to their carrier: Java 21 to 23,
     * where blocking inside {@code synchronized} (or in {@code Object.wait()}) keeps the carrier
     * (JDK 24 lifted this, JEP 491).
     */
    public static boolean pinnedByMonitors() {
        return VIRTUAL != null && Runtime.version().feature() < 24;
    }

    /** A new executor for waiting calls, owned (and shut down) by the caller. */
    public static ExecutorService newExecutor() {
        if (VIRTUAL != null) {
            try {
                Object builder = VIRTUAL[1].invoke(VIRTUAL[0].invoke(null), NAME, 1L);
                ThreadFactory factory = (ThreadFactory) VIRTUAL[2].invoke(builder);
                return (ExecutorService) VIRTUAL[3].invoke(null, factory);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot start virtual threads on Java " + Runtime.version(), e);
            }
        }
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, NAME + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * {@code Thread.ofVirtual()}, {@code Thread.Builder.OfVirtual.name(String, long)},
     * {@code Thread.Builder.factory()} and {@code Executors.newThreadPerTaskExecutor(ThreadFactory)},
     * or null before Java 21 (on 19 and 20 they exist as a preview, off by default).
     */
    private static Method[] virtualApi() {
        if (Runtime.version().feature() < 21) {
            return null;
        }
        try {
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            return new Method[] {
                Thread.class.getMethod("ofVirtual"),
                ofVirtual.getMethod("name", String.class, long.class),
                Class.forName("java.lang.Thread$Builder").getMethod("factory"),
                Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class),
            };
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
