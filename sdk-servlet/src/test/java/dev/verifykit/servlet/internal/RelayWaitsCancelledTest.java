package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * An application shutting down gracefully ends its clients' waits (the Spring Boot starter does, in
 * the web server's graceful shutdown phase), and a relay's upstream then ends with a
 * {@link WaitCancelledException} that is not the client's close. Every browser was sent
 * {@code relay-error {"error":"unavailable"}}, on which the README's page code closes its
 * {@code EventSource} and shows an error, for a session that was still fine, and the end was kept
 * for the browsers after. Now their streams end as at the relay's own close: without a word (the
 * browser reconnects, to another instance), nothing kept. The client's close still says
 * {@code closed}.
 */
class RelayWaitsCancelledTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));
    private final CountingStreams streams = new CountingStreams();
    private final RelayRegistry relay = new RelayRegistry(streams, WaitOptions.defaults(), scheduler,
            Duration.ofSeconds(15), Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 100, 256 * 1024, 64L << 20);

    @Test
    void waitsEndedByTheApplicationEndTheBrowsersStreamsWithoutAWordAndAreNotKept() {
        TestSink browser = new TestSink();
        relay.subscribe(SESSION, null, browser);

        streams.listeners.get(0).onError(new WaitCancelledException(Service.DOCK, 1,
                "the client's waits were cancelled (its application is shutting down)", false));
        streams.listeners.get(0).onClosed();

        assertThat(String.join("", browser.frames)).doesNotContain("relay-error");
        assertThat(browser.isClosed()).as("the browser's stream ended at once").isTrue();
        assertThat(relay.upstreams()).isZero();
        assertThat(relay.subscribe(SESSION, null, new TestSink())).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        assertThat(streams.opened.get()).as("the next browser follows the session again").isEqualTo(2);
    }

    @Test
    void theClientsCloseIsStillToldAndKept() {
        TestSink browser = new TestSink();
        relay.subscribe(SESSION, null, browser);

        streams.listeners.get(0).onError(new WaitCancelledException(Service.DOCK, 1, "the client was closed", true));
        streams.listeners.get(0).onClosed();

        assertThat(String.join("", browser.frames)).contains("relay-error", "\"closed\"");
        relay.subscribe(SESSION, null, new TestSink());
        assertThat(streams.opened.get()).as("upstreams opened").isEqualTo(1);
    }
}
