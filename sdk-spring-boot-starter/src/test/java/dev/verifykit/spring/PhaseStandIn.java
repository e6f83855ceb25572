package dev.verifykit.spring;

import org.springframework.context.SmartLifecycle;

/**
 * A bean stopped in a given shutdown phase that does {@code atStop} then: stands in for what an
 * application (or its web server's graceful shutdown) does in that phase, before or after the
 * starter's own steps.
 */
final class PhaseStandIn implements SmartLifecycle {
    private final int phase;
    private final Runnable atStop;
    private volatile boolean running;

    PhaseStandIn(int phase, Runnable atStop) {
        this.phase = phase;
        this.atStop = atStop;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        atStop.run();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
