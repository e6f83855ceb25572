package dev.verifykit.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockJournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The multi-instance benchmark splits a session's refused reads into the interval's and the poll
 * cap's. It looked for {@code session_polls} in the journal entry's body, which is the request's (empty
 * for a GET): every 429 was counted as the interval's and the cap's count was always 0.
 */
class MultiInstanceTest {

    private static MockJournalEntry read(long sequence, int status) {
        return new MockJournalEntry(sequence, Instant.EPOCH, sequence, "dock", "GET", "/dock/v2/sessions/vsn_1", null,
                Map.of(), null, 0, false, status, null, null);
    }

    @Test
    void a429AfterTheCapOfReadsIsTheCapsAndOneBeforeItTheIntervals() {
        List<MockJournalEntry> reads = new ArrayList<>();
        long sequence = 0;
        reads.add(read(++sequence, 200));
        reads.add(read(++sequence, 429)); // too soon after the first
        reads.add(read(++sequence, 200));
        reads.add(read(++sequence, 200));
        reads.add(read(++sequence, 429)); // the cap of 3 reached
        reads.add(read(++sequence, 503)); // refused otherwise: neither

        assertThat(MultiInstance.refusals(reads, 3)).containsExactly(3, 1, 1);
    }
}
