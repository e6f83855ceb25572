package dev.verifykit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.poll.WaitOptions;
import dev.verifykit.servlet.internal.TestSink;
import dev.verifykit.sse.DockSessionStreams;
import dev.verifykit.testing.LoggedWarnings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * RelaySettings.waitOptions are "the options of each upstream wait"; the client refuses options
 * below its guardrails (SessionStreams.open: "@throws ValidationException ... options below the
 * guardrails"), naming the field and the rule. The relay caught that refusal in RelayHub.openUpstream
 * as if Dock had ended the session: every browser of every session was sent
 * {@code relay-error {"error":"unavailable"}}, the end was kept for 5 minutes, and the field and
 * rule went nowhere: nothing was thrown, nothing logged (an authorizer that throws, or a subscribe
 * that throws, is logged and answered 500).
 */
class RelayUpstreamOptionsRefusedTest {
    private static final String SESSION = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @Test
    void upstreamOptionsTheClientRefusesAreReportedNamingTheFieldAndTheRule() {
        TestSink browser = new TestSink();
        // no request is ever sent: the options are refused before any
        List<LogRecord> records = LoggedWarnings.during("dev.verifykit.servlet", () -> {
            try (DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl("http://127.0.0.1:9").build();
                    DockRelay relay = DockRelay.create(DockSessionStreams.of(dock), RelaySettings.builder()
                            .waitOptions(WaitOptions.builder().pollInterval(Duration.ofSeconds(1)).build()).build())) {
                relay.registry().subscribe(SESSION, null, browser);
            }
        });

        String told = records.stream().map(r -> r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()))
                .reduce("", (a, b) -> a + "\n" + b);
        assertThat(told)
                .as("what the application was told of the client refusing the relay's waitOptions"
                        + " (the browser was sent %s)", browser.frames)
                .contains("pollInterval");
    }

    /**
     * Every upstream the long-lived relay opens is given the same options: an absolute
     * {@code WaitOptions.deadline(Instant)} is one instant for all of them, after which every session's
     * upstream ended at once as {@code timeout}, an end kept and sent to every browser of every later
     * session. It was accepted without a word; it is refused at {@code build()}, naming the field and the
     * rule, and a relative {@code timeout} (from each upstream's start) is kept.
     */
    @Test
    void anAbsoluteDeadlineSharedByEveryUpstreamIsRefusedNamingWaitOptions() {
        WaitOptions shared = WaitOptions.builder().deadline(Instant.now().plus(Duration.ofMinutes(10))).build();

        assertThatThrownBy(() -> RelaySettings.builder().waitOptions(shared).build())
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("waitOptions");
                    assertThat(e.rule()).contains("deadline").contains("timeout");
                });
        RelaySettings relative = RelaySettings.builder()
                .waitOptions(WaitOptions.builder().timeout(Duration.ofMinutes(10)).build()).build();
        assertThat(relative.waitOptions().timeout()).hasValue(Duration.ofMinutes(10));
    }
}
