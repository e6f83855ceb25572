package dev.verifykit.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.mock.MockServer;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CallEnd#duration()} is "from the call's start to its end", and the call's time starts
 * before its listeners hear of it (its timeout does: a listener taking 2 s over {@code onCallStart}
 * leaves a 1-s call no time, RELIABILITY). A wait's {@link WaitEnd#duration()} and an attempt's
 * {@link AttemptEnd#duration()} count the time their listeners took to hear of their start; a
 * call's did not: a 1-s create that failed because its timeout passed was told (and timed by the
 * metrics, traced by the spans) as lasting 0 s. Virtual time: the listener advances it.
 */
class CallDurationFromItsStartTest {
    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<CallEnd> ends = new CopyOnWriteArrayList<>();
    private MockServer mock;
    private DockClient dock;

    @AfterEach
    void stop() {
        if (dock != null) {
            dock.close();
        }
        if (mock != null) {
            mock.close();
        }
    }

    private DockClient client() {
        mock = MockServer.start();
        return DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl()).scheduler(time)
                .listener(new VerifyKitListener() {
                    @Override
                    public void onCallStart(CallStart call) {
                        time.advance(Duration.ofSeconds(2)); // a slow listener (a log shipper, a lock)
                    }

                    @Override
                    public void onCallEnd(CallStart call, CallEnd end) {
                        ends.add(end);
                    }
                }).build();
    }

    private static CreateSessionParams params() {
        return CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build();
    }

    @Test
    void aCallWhoseTimeoutPassedWhileItsListenersHeardOfItLastedItsTimeout() {
        dock = client();
        assertThatThrownBy(() -> dock.sessions().create(params(),
                RequestOptions.builder().timeout(Duration.ofSeconds(1)).build())).isInstanceOf(TransportException.class);

        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).duration()).as("the told duration of a call that failed as its 1-s timeout passed")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aCallsDurationCountsTheTimeItsListenersTookToHearOfIt() {
        dock = client();
        dock.sessions().create(params());

        assertThat(ends).hasSize(1);
        assertThat(ends.get(0).duration()).as("the told duration of a call 2 s of which its listeners took")
                .isEqualTo(Duration.ofSeconds(2));
    }
}
