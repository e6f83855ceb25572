package dev.verifykit.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * One step of a context's close, taken when the context's lifecycle stops its phase, and only when
 * that context is closing: a stop without a close ({@code stop()}, a pause, a JVM checkpoint, each
 * followed by a start) takes none. The context says so itself ({@link #closing}), so the step does not
 * depend on when a {@code ContextClosedEvent} listener runs: with an asynchronous event multicaster
 * (one with a task executor), a listener may run after the lifecycle's stop, or never before it.
 */
final class CloseStep implements SmartLifecycle {
    private final ApplicationContext context;
    private final int phase;
    private final Runnable step;
    private volatile boolean running;

    CloseStep(ApplicationContext context, int phase, Runnable step) {
        this.context = context;
        this.phase = phase;
        this.step = step;
    }

    /**
     * Whether {@code context} is closing (or closed): its {@code close()} has begun, which it marks
     * before its {@code ContextClosedEvent} and its lifecycle's stop. A child context's close leaves
     * its parent's answer as it is.
     */
    static boolean closing(ApplicationContext context) {
        return context instanceof ConfigurableApplicationContext configurable && configurable.isClosed();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /** Takes the step, when the context is closing (a quick one: nothing is waited for). */
    @Override
    public void stop() {
        running = false;
        if (closing(context)) {
            step.run();
        }
    }

    /** {@link #stop()}, then the phase's callback, whatever the step threw. */
    @Override
    public void stop(Runnable callback) {
        try {
            stop();
        } finally {
            callback.run();
        }
    }
}
