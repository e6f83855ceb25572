package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * README: "A {@code dock create} that failed after it may have reached Dock (a 5xx, a lost connection,
 * an answer it could not read) names the idempotency key it sent". Which exception ends the call
 * decides, not what became of its attempts: a first attempt whose answer was lost after Dock made the
 * session, then a retry refused 429 (Dock's bucket now empty: the first attempt took its last token),
 * ends in a {@code RateLimitException}, and the key that gets the session made is not named.
 */
@ExtendWith(MockServerExtension.class)
class CreateMayHaveArrivedCliTest {
    private final MockServer mock;

    CreateMayHaveArrivedCliTest(MockServer mock) {
        this.mock = mock;
    }

    @Test
    void aCreateWhoseLostFirstAttemptMadeTheSessionNamesItsKeyWhateverEndedTheCall() {
        mock.faults().add("POST /dock/v2/sessions reset-before-response processed=true times=1");
        mock.faults().add("POST /dock/v2/sessions respond status=429 header=Retry-After:0 times=20");

        Cli.Run run = Cli.run("dock", "--api-key=" + mock.settings().dock().freeApiKey(),
                "--base-url=" + mock.dockBaseUrl(), "create", "--pid", "PID-FREE0001", "--client-id", "lost-then-429",
                "--idempotency-key", "key-of-the-lost-create");

        assertThat(mock.dock().sessionCount()).as("the first attempt made the session").isEqualTo(1);
        assertThat(mock.journal().find(MockJournalQuery.all().method("POST").path("/dock/v2/sessions")))
                .as("more than one attempt was sent").hasSizeGreaterThan(1);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).as("the key that gets the session already made")
                .contains("--idempotency-key key-of-the-lost-create").hasLineCount(1);
    }

    /**
     * A 200 whose body could not be read: its attempt was told answered (200, no failure) and the
     * call failed after it with a {@code MalformedResponseException}; only attempts that failed were
     * taken as possibly made, so the key was not named, though Dock (or its proxy) answered 200.
     */
    @Test
    void aCreateAnswered200WithABodyItCouldNotReadNamesItsKey() {
        mock.faults().add("POST /dock/v2/sessions respond status=200 body='{\"status\":200,\"data\":{\"id\":' times=1");

        Cli.Run run = Cli.run("dock", "--api-key=" + mock.settings().dock().freeApiKey(),
                "--base-url=" + mock.dockBaseUrl(), "create", "--pid", "PID-FREE0001", "--client-id", "unreadable",
                "--idempotency-key", "key-of-the-unreadable-create");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.err()).as("the key that gets the session it may have made")
                .contains("--idempotency-key key-of-the-unreadable-create");
    }
}
