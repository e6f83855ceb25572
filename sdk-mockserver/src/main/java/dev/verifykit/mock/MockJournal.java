package dev.verifykit.mock;

import java.util.List;

/**
 * Every request the mock received (the last 10,000, each body cut after 4,096 bytes), in order of arrival, with secrets redacted:
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
}
