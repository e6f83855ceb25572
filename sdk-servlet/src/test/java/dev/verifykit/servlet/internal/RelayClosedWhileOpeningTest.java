package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The relay closing while a browser's thread is opening its session's upstream (DockRelay.close():
 * "an upstream another thread is ... opening meanwhile ... is waited for: no upstream is open when
 * this returns"). The open is held until the close has ended the browser (the browser's close lets it
 * go): no timing, only latches; the 30-s waits are hang guards.
 */
class RelayClosedWhileOpeningTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final CountingStreams streams = new CountingStreams();
    private final RelayRegistry registry = new RelayRegistry(streams, WaitOptions.defaults(),
            VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z")), Duration.ofSeconds(15),
            Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);
    private final CountDownLatch opening = new CountDownLatch(1);
    private final TestSink browser = new TestSink();
    /** The browser ended (by the relay's close): the held open returns. */
    private final CountDownLatch ended = new CountDownLatch(1);

    {
        browser.onClose(ended::countDown);
    }

    @Test
    void anUpstreamOpenedAsTheRelayClosesIsClosedBeforeTheCloseReturns() throws Exception {
        streams.beforeOpen = number -> holdUntilTheBrowserIsEnded();
        CompletableFuture<RelayRegistry.Admission> admission = subscribeOnAThreadOfItsOwn();
        assertThat(opening.await(30, TimeUnit.SECONDS)).as("the browser's thread opens the upstream").isTrue();

        registry.close();

        assertThat(streams.opened).as("the upstream was opened").hasValue(1);
        assertThat(streams.openNow).as("upstreams still open once the relay's close returned").hasValue(0);
        assertThat(registry.upstreams()).as("sessions the relay still counts").isZero();
        assertThat(admission.get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(registry.browsers()).isZero();
    }

    @Test
    void anUpstreamFailingToOpenAsTheRelayClosesLeavesNoSessionCounted() throws Exception {
        streams.beforeOpen = number -> {
            holdUntilTheBrowserIsEnded();
            throw new IllegalStateException("the open failed");
        };
        CompletableFuture<RelayRegistry.Admission> admission = subscribeOnAThreadOfItsOwn();
        assertThat(opening.await(30, TimeUnit.SECONDS)).as("the browser's thread opens the upstream").isTrue();

        registry.close();

        assertThat(registry.upstreams()).as("sessions the relay still counts once its close returned").isZero();
        assertThat(admission.get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(registry.browsers()).isZero();
    }

    private CompletableFuture<RelayRegistry.Admission> subscribeOnAThreadOfItsOwn() {
        // a close waits for the hub being opened at most this long: a hang guard, not a timing
        registry.hubEndWait(Duration.ofSeconds(30));
        CompletableFuture<RelayRegistry.Admission> admission = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                admission.complete(registry.subscribe(SESSION, null, browser));
            } catch (Throwable e) {
                admission.completeExceptionally(e);
            }
        }, "opening-browser");
        thread.start();
        return admission;
    }

    /** The upstream's open, on the browser's thread: it returns once the relay's close has ended the browser. */
    private void holdUntilTheBrowserIsEnded() {
        opening.countDown();
        try {
            if (!ended.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the relay's close never ended the browser");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
