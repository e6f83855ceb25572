package dev.verifykit.bench.latency;

import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.MockJournalEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request of a run, gathered from the reference mock's journal while the run goes on: the
 * journal keeps only its most recent {@value #JOURNAL_CAPACITY} requests, and a run counted from
 * it at the end would lose its oldest requests once more than that arrived. {@link #collect()} is
 * called often (each time fewer than half the capacity of requests arrived since the last); a
 * collection that finds the journal's sequence numbers moved on by half its capacity or more since
 * the last one (requests may have been dropped unseen) fails the run instead of counting short.
 */
final class JournalCollector {
    static final int JOURNAL_CAPACITY = 10_000;

    private final MockJournal journal;
    private final int capacity;
    private final Map<Long, MockJournalEntry> seen = new LinkedHashMap<>();
    private long lastSequence;
    private String lost;

    JournalCollector(MockJournal journal) {
        this(journal, JOURNAL_CAPACITY);
    }

    JournalCollector(MockJournal journal, int capacity) {
        this.journal = journal;
        this.capacity = capacity;
    }

    /** Takes the journal's entries not seen yet. */
    synchronized void collect() {
        long highest = lastSequence;
        for (MockJournalEntry entry : journal.entries()) {
            seen.putIfAbsent(entry.sequence(), entry);
            highest = Math.max(highest, entry.sequence());
        }
        // entries recorded late (held reads) are still in the journal unless capacity / 2 more arrived since
        if (highest - lastSequence >= capacity / 2 && lost == null) {
            lost = "requests " + (lastSequence + 1) + " to " + highest + " arrived between two collections"
                    + " (the journal keeps " + capacity + "), some may have been dropped unseen";
        }
        lastSequence = highest;
    }

    /** Every request collected, in order of arrival; fails when some may have been lost. */
    synchronized List<MockJournalEntry> entries() {
        collect();
        if (lost != null) {
            throw new IllegalStateException("the mock's journal may have dropped requests: " + lost);
        }
        List<MockJournalEntry> all = new ArrayList<>(seen.values());
        all.sort(Comparator.comparingLong(MockJournalEntry::receivedNanos));
        return all;
    }
}
