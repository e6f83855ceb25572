package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.Http.Answer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MockJournalEntry#sequence()} is documented as "1, 2, … in order of arrival since start or the
 * last clear": it restarts after a clear (or a reset, which clears), and follows arrival, the order
 * {@link MockJournal#entries()} lists requests in, also for a held long-poll recorded when it returns.
 */
class JournalSequenceTest {

    private final MockServer server = MockServer.start();
    private final Http http = new Http(server);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSequenceStartsAgainAtOneAfterAClearOrAReset() {
        http.get(null, "/_mock/health");
        http.get(null, "/_mock/health");
        assertThat(server.journal().entries()).extracting(MockJournalEntry::sequence).containsExactly(1L, 2L);

        server.journal().clear();
        http.get(null, "/_mock/health");
        assertThat(server.journal().entries()).extracting(MockJournalEntry::sequence)
                .as("the first request since the last clear").containsExactly(1L);

        server.reset();
        http.get(null, "/_mock/health");
        assertThat(server.journal().entries()).extracting(MockJournalEntry::sequence)
                .as("the first request since a reset").containsExactly(1L);

        assertThat(http.send("POST", "/_mock/reset", null, "").status()).isEqualTo(200);
        assertThat(server.journal().entries()).extracting(MockJournalEntry::path, MockJournalEntry::sequence)
                .as("the reset request, the first entry after it").containsExactly(org.assertj.core.groups.Tuple.tuple("/_mock/reset", 1L));
    }

    @Test
    void aHeldLongPollKeepsTheSequenceOfItsArrival() throws Exception {
        String id = http.newSession("sequence");
        CompletableFuture<Answer> held = Background.supply(() -> http.read(Http.FREE, id, "wait=20"));
        HeldPolls.await(server, held);
        http.get(null, "/_mock/health"); // arrives while the long-poll is held
        server.dock().complete(id);
        assertThat(held.get(15, TimeUnit.SECONDS).status()).isEqualTo(200);

        List<MockJournalEntry> entries = server.journal().entries(); // in order of arrival
        assertThat(entries).extracting(MockJournalEntry::path)
                .containsExactly("/dock/v2/sessions", "/dock/v2/sessions/" + id, "/_mock/health");
        assertThat(entries).extracting(MockJournalEntry::sequence).as("sequences in order of arrival")
                .containsExactly(1L, 2L, 3L);
    }
}
