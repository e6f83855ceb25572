package dev.verifykit.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockJournalEntry;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RequestJournalTest {

    /**
     * The journal keeps "the latest 10,000 requests" and drops the oldest (RELIABILITY's bounds, the mock's
     * README): a mock serving a long load test must not keep every request it was sent. The count was pinned
     * by no test, only what is kept of each entry (FaultInjectionTest, JournalBodySizeTest).
     */
    @Test
    void theJournalKeepsTheLatestTenThousandRequests() {
        RequestJournal journal = new RequestJournal(4_096);

        for (int i = 1; i <= 10_001; i++) {
            RequestJournal.Arrival arrival = journal.arrive();
            journal.add(Instant.EPOCH, arrival, "dock", "GET", "/dock/v2/sessions/vsn_" + i, null, Headers.of(),
                    new byte[0], 0, 200, null, null);
        }

        List<MockJournalEntry> entries = journal.entries();
        assertThat(entries).as("requests kept").hasSize(10_000);
        assertThat(entries).extracting(MockJournalEntry::sequence).as("the latest, the first dropped")
                .containsExactlyElementsOf(LongStream.rangeClosed(2, 10_001).boxed().toList());
        assertThat(entries.get(0).path()).isEqualTo("/dock/v2/sessions/vsn_2");
        assertThat(entries.get(9_999).path()).isEqualTo("/dock/v2/sessions/vsn_10001");
    }
}
