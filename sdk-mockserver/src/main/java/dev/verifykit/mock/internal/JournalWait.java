package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockJournal;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** {@code MockJournal.await}: what it checks first, its loop, and what it says when the time is up. */
public final class JournalWait {

    /** How a wait passes the time until it looks again: at most {@code nanos}. */
    @FunctionalInterface
    public interface Pause {
        void pause(long nanos) throws InterruptedException;
    }

    /** How many entries a timeout message shows, of those matched and of all. */
    private static final int SHOWN = 5;

    private JournalWait() {
    }

    /**
     * Checks the arguments of a wait.
     *
     * @throws IllegalArgumentException for a negative count, or a query whose limit keeps fewer than it
     */
    private static void check(MockJournalQuery query, int count, Duration timeout) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(timeout, "timeout");
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0: " + count);
        }
        if (query.limit() != null && query.limit() < count) {
            throw new IllegalArgumentException("the query keeps at most " + query.limit() + " request"
                    + (query.limit() == 1 ? "" : "s") + " (limit), fewer than the " + count + " awaited");
        }
    }

    /**
     * Checks the arguments, then looks until the query selects at least {@code count} requests,
     * pausing between looks, and returns them.
     */
    public static List<MockJournalEntry> await(MockJournal journal, MockJournalQuery query, int count, Duration timeout,
                                               Pause pause) throws InterruptedException {
        check(query, count, timeout);
        long deadline = System.nanoTime() + nanos(timeout);
        while (true) {
            List<MockJournalEntry> found = journal.find(query);
            if (found.size() >= count) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(query, count, timeout, found, journal.entries());
            }
            pause.pause(left);
        }
    }

    /**
     * {@code timeout} in nanoseconds, at least 0, at most about 146 years (no overflow): the time a
     * test's wait of the mock's may take, the longest {@link Duration} ("as long as it takes") included.
     */
    public static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
    }

    /**
     * The failure of a wait that ran out of time: the query, what matched and the last requests of all. The
     * time is the one waited, as {@link #nanos} counts it: a hugely negative timeout's own {@code toMillis()}
     * overflowed, and the wait failed with an {@code ArithmeticException} instead.
     */
    private static IllegalStateException timedOut(MockJournalQuery query, int count, Duration timeout,
                                                 List<MockJournalEntry> found, List<MockJournalEntry> all) {
        return new IllegalStateException("the journal had " + found.size() + " of the " + count + " requests awaited ("
                + criteria(query) + ") after " + TimeUnit.NANOSECONDS.toMillis(nanos(timeout)) + " ms"
                + (found.isEmpty() ? "" : ": " + last(found))
                + "; " + (all.isEmpty() ? "it has no requests" : "the last of its " + all.size() + " requests: " + last(all)));
    }

    private static String last(List<MockJournalEntry> entries) {
        List<MockJournalEntry> shown = entries.subList(Math.max(0, entries.size() - SHOWN), entries.size());
        return (shown.size() < entries.size() ? "…, " : "")
                + shown.stream().map(JournalWait::brief).collect(Collectors.joining(", "));
    }

    private static String brief(MockJournalEntry e) {
        return e.method() + " " + e.path() + " " + e.status() + (e.faultRule() == null ? "" : " (fault " + e.faultRule() + ")");
    }

    private static String criteria(MockJournalQuery q) {
        List<String> out = new ArrayList<>();
        add(out, "service", q.service());
        add(out, "method", q.method());
        add(out, "path", q.path());
        add(out, "status", q.status());
        add(out, "since", q.since());
        add(out, "faulted", q.faulted());
        add(out, "limit", q.limit());
        return out.isEmpty() ? "any" : String.join(", ", out);
    }

    private static void add(List<String> out, String name, Object value) {
        if (value != null) {
            out.add(name + "=" + value);
        }
    }
}
