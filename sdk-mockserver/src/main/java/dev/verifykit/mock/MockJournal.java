package dev.verifykit.mock;

import dev.verifykit.mock.internal.JournalWait;
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
 * it opens): when the mock has made its answer, just before it is written, so an entry may be there
 * before the client under test has the answer; the more so with a {@code delay-head} fault (the head is
 * written {@code delay} later) or {@code throttle-body}. To act once the client has its answer, wait on
 * the client. {@link MockServer#reset()} clears the journal too; a request received before a reset or
 * {@link #clear()} and answered after it is not recorded (the control-plane request that cleared is).
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
     * read was answered") instead of sleeping and hoping. Returns as soon as they are there
     * (at once if they already are); a request is there once its answer was made, which the client
     * may not have yet (see above).
     *
     * @throws IllegalArgumentException for a negative {@code count}, or a query whose {@code limit} is below it
     * @throws IllegalStateException when {@code timeout} passes first; the message names the query, the
     *         requests it matched and the last requests of the journal
     * @throws InterruptedException when interrupted while waiting
     */
    default List<MockJournalEntry> await(MockJournalQuery query, int count, Duration timeout) throws InterruptedException {
        return JournalWait.await(this, query, count, timeout, left -> Thread.sleep(Math.max(1, Math.min(10, left / 1_000_000))));
    }
}
