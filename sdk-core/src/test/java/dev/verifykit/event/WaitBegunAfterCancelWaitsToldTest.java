package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.internal.CancelsWaits;
import dev.verifykit.time.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * README "Events and logging": listeners see "each wait ({@code onWaitStart}, ..., {@code onWaitEnd}
 * with its outcome)"; {@code VerifyKitMetrics}: {@code verifykit.waits} times "each wait, from its
 * start to its end" by outcome, {@code cancelled} among them. After {@code cancelWaits()} (the Spring
 * starter's graceful shutdown) the client stays open and "a wait begun later ends so at once", with a
 * {@code WaitCancelledException}: a wait with the outcome cancelled. No listener heard of it, so the
 * shutdown's cancelled waits went uncounted (unlike a wait on a closed client, refused as a call on a
 * closed client is: nothing of it began).
 */
class WaitBegunAfterCancelWaitsToldTest {
    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final List<String> told = new CopyOnWriteArrayList<>();
    private DokaiClient dokai;

    @AfterEach
    void close() {
        if (dokai != null) {
            dokai.close();
        }
    }

    @Test
    void aWaitBegunAfterCancelWaitsIsToldWithItsCancelledEnd() {
        dokai = DokaiClient.builder().apiKey("dk_test_cancel_7a1f").baseUrl(server.url("/dokai").toString())
                .scheduler(VirtualScheduler.manual(Instant.parse("2026-03-11T10:30:00Z")))
                .listener(new VerifyKitListener() {
                    @Override
                    public void onWaitStart(WaitStart wait) {
                        told.add("start " + wait.operation());
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        told.add("end " + end.outcome());
                    }
                }).build();
        ((CancelsWaits) dokai).cancelWaits();

        assertThatThrownBy(() -> dokai.verifySessions().awaitResult("ver_abc123"))
                .isInstanceOf(WaitCancelledException.class);

        assertThat(server.getRequestCount()).isZero();
        assertThat(told).as("the listener's events of the wait").hasSize(2)
                .last().isEqualTo("end " + WaitOutcome.CANCELLED);
    }
}
