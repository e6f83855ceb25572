package dev.verifykit.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code RequestCount} counts each session's reads in the mock's journal, which keeps only the most
 * recent 10,000 requests; a default run sends more (the naive loop alone reads about 12,000 times),
 * so counting at the end lost every session's first reads. The collector gathers them as the run goes.
 */
class JournalCollectorTest {

    /** A journal like the mock's: the most recent {@code capacity} requests. */
    private static final class BoundedJournal implements MockJournal {
        private final int capacity;
        private final ArrayDeque<MockJournalEntry> entries = new ArrayDeque<>();
        private long sequence;

        BoundedJournal(int capacity) {
            this.capacity = capacity;
        }

        void request(String path) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            sequence++;
            entries.addLast(new MockJournalEntry(sequence, Instant.EPOCH, sequence, "dock", "GET", path, null, Map.of(),
                    null, 0, false, 200, null, null));
        }

        @Override
        public List<MockJournalEntry> entries() {
            return List.copyOf(entries);
        }

        @Override
        public List<MockJournalEntry> find(MockJournalQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int clear() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void gathersEveryRequestWhenCollectedOftenThoughTheJournalDropsItsOldest() {
        BoundedJournal journal = new BoundedJournal(10);
        JournalCollector collector = new JournalCollector(journal, 10);
        for (int i = 0; i < 40; i++) {
            journal.request("/dock/v2/sessions/" + (i % 2 == 0 ? "a" : "b"));
            if (i % 3 == 2) {
                collector.collect();
            }
        }

        assertThat(journal.entries()).hasSize(10);
        assertThat(collector.entries()).hasSize(40)
                .filteredOn(e -> e.path().endsWith("/a")).hasSize(20);
    }

    @Test
    void failsRatherThanCountingShortWhenRequestsMayHaveBeenDroppedUnseen() {
        BoundedJournal journal = new BoundedJournal(10);
        JournalCollector collector = new JournalCollector(journal, 10);
        collector.collect();
        for (int i = 0; i < 12; i++) {
            journal.request("/dock/v2/sessions/a");
        }

        assertThatThrownBy(collector::entries).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may have dropped requests");
    }
}
