package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.servlet.internal.CountingStreams;
import dev.verifykit.servlet.internal.TestSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DockRelay's close() ends the timer it owns ("the default scheduler gets a timer of this relay's
 * own, which close() ends"): also when ending a relayed stream throws (an upstream's close failing),
 * or the timer's thread outlives the relay (an undeployed application's thread).
 */
class DockRelayCloseThrowsTest {

    @Test
    void theRelaysOwnTimerEndsWhenAnUpstreamsCloseThrows() throws Exception {
        CountingStreams streams = new CountingStreams();
        streams.beforeClose = n -> {
            if (n == 1) {
                throw new IllegalStateException("an upstream's close failed");
            }
        };
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DockRelay relay = DockRelay.create(streams); // the default scheduler: a timer of its own
        relay.registry().subscribe("vsn_1", null, new TestSink());
        relay.registry().subscribe("vsn_2", null, new TestSink());
        List<Thread> timers = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && thread.getName().startsWith("verifykit-timer-")) {
                timers.add(thread);
            }
        }
        assertThat(timers).as("the relay's timer runs the keep-alives").isNotEmpty();

        assertThat(catchThrowable(relay::close)).hasMessage("an upstream's close failed");

        for (Thread timer : timers) {
            timer.join(10_000); // ends at once once shut down; kept alive by the pending keep-alives otherwise
            assertThat(timer.isAlive()).as(timer.getName() + " still runs after the relay's close").isFalse();
        }
    }
}
