package dev.verifykit.mock;

import java.time.Duration;
import java.util.List;

/**
 * Every request the mock received (the last 10,000, each body cut after 4,096 bytes, its path, query
 * and each header's value after 8,192 characters, its headers after 32,768), in order of arrival, with secrets redacted:
 * what the clients under test actually sent, what they got, and which fault acted. The same
 * queries are available over HTTP as {@code GET /_mock/journal}. Thread-safe.
 *
 * <pre>{@code
 * List<MockJournalEntry> reads = server.journal().find(MockJournalQuery.all()
 *         .service("dock").method("GET").path("/dock/v2/sessions/*").status(200));
 * }</pre>
 *
 * <p>A request is recorded when it is answered (a held long-poll once it returns, a stream when
 * it opens). {@link MockServer#reset()} clears the journal too.
 */
public interface MockJournal {

    /** Every recorded request, oldest first. */
    List<MockJournalEntry> entries();

    /** The recorded requests the query selects, oldest first. */
    List<MockJournalEntry> find(MockJournalQuery query);

    /** Forgets every recorded request; returns how many there were. */
    int clear();

    /**
     * Waits until the query selects at least {@code count} requests, and returns them: a test's
     * way to act after the client under test reached a point ("the stream is open", "the first
     * read was answered") instead of sleeping and hoping.
     *
     * @throws IllegalStateException when {@code timeout} passes first (the message says how many were found)
     * @throws InterruptedException when interrupted while waiting
     */
    default List<MockJournalEntry> await(MockJournalQuery query, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<MockJournalEntry> found = find(query);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("the journal had " + found.size() + " of the " + count
                        + " requests awaited after " + timeout.toMillis() + " ms");
            }
            Thread.sleep(10);
        }
    }
}
