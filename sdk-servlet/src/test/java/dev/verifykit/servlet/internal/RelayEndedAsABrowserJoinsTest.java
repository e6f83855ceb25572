package dev.verifykit.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.DockSessionStatus;
import dev.verifykit.dock.SessionListener;
import dev.verifykit.dock.SessionStream;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.json.OpenEnum;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.time.VirtualScheduler;
import jakarta.servlet.AsyncContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A session that ends (its terminal state told on the stream's thread) after the browser joined its
 * hub but before subscribe() registered the browser's close action. Before the fix (found by a
 * review of this change), the hub's end moved the browser to the registry's finishing set and
 * replaced the sink's close action (a ServletSink keeps one), then subscribe() replaced it back with
 * the hub's leave, which found the browser gone: its count was never given back, and with
 * maxBrowsers 1 the relay answered 503 for good. Now the one action, never replaced, leaves the hub
 * and counts the browser out of finishing. Sequenced without timing: the terminal state is told
 * while the upstream opens, between the join and the close action's registration.
 */
class RelayEndedAsABrowserJoinsTest {
    private final VirtualScheduler scheduler = VirtualScheduler.manual(Instant.parse("2026-01-01T00:00:00Z"));

    private static DockSession completed() {
        return DockSession.builder().id("vsn_A").pid("PID-FREE0001").clientId("user_1")
                .status(OpenEnum.of(DockSessionStatus.class, "completed"))
                .expiresAt(Instant.parse("2026-01-01T00:05:00Z")).verifyUrl("https://example.test/verify").build();
    }

    /** Upstreams whose session completes as it is opened (the stream's thread telling the end at once). */
    private static final class EndingAtOnce implements SessionStreams {
        @Override
        public SessionStream open(String sessionId, SessionListener listener, WaitOptions options) {
            listener.onSession(completed());
            listener.onTerminal(completed());
            return new SessionStream() {
                @Override
                public String sessionId() {
                    return sessionId;
                }

                @Override
                public boolean isOpen() {
                    return false;
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public CompletableFuture<DockSession> awaitCompletionAsync(String sessionId, WaitOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DockSession awaitCompletion(String sessionId, WaitOptions options) {
            throw new UnsupportedOperationException();
        }
    }

    private static AsyncContext async() {
        return (AsyncContext) Proxy.newProxyInstance(AsyncContext.class.getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> null);
    }

    @Test
    void aBrowserWhoseSessionEndsAsItJoinsIsCountedOutWhenItsConnectionEnds() {
        RelayRegistry relay = new RelayRegistry(new EndingAtOnce(), WaitOptions.defaults(), scheduler,
                Duration.ofSeconds(15), Duration.ofSeconds(3), 10, Duration.ofMinutes(5), 10, 8, 1, 256 * 1024, 64L << 20);
        ServletSink browser = new ServletSink(async(), 256 * 1024); // as DockRelayServlet makes it

        assertThat(relay.subscribe("vsn_A", null, browser)).isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        browser.close(); // the browser read the end (or went away)
        scheduler.advance(Duration.ofSeconds(16)); // and a keep-alive period passed: disconnected anyway

        assertThat(browser.isClosed()).isTrue();
        assertThat(relay.browsers()).as("browsers counted once the only browser's connection ended").isZero();
        assertThat(relay.subscribe("vsn_B", null, new TestSink())).as("another session's browser, maxBrowsers 1")
                .isEqualTo(RelayRegistry.Admission.SUBSCRIBED);
        relay.close();
    }
}
