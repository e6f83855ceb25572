package dev.verifykit.mock;

import java.time.Instant;
import java.util.Objects;

/**
 * A filter over the {@link MockJournal}: every criterion given must hold. Immutable; each method
 * returns a new query.
 *
 * <pre>{@code
 * MockJournalQuery failedDockReads = MockJournalQuery.all().service("dock").method("GET").status(429).limit(10);
 * }</pre>
 *
 * @param service {@code dock}, {@code roblox}, {@code dokai}, {@code control}, {@code none}, or {@code null} for any
 * @param method an HTTP method (any case), or {@code null}
 * @param path a path pattern as in {@link MockFaultRule} ({@code *} one segment, {@code **} any), or {@code null}
 * @param status a status, or {@code null}
 * @param since only requests received at or after this instant (the mock's clock), or {@code null}
 * @param faulted {@code true} for faulted requests only, {@code false} for the others, {@code null} for both
 * @param limit at most this many, the most recent ones, or {@code null}
 */
public record MockJournalQuery(String service, String method, String path, Integer status, Instant since,
                               Boolean faulted, Integer limit) {

    /** Selects everything. */
    public static MockJournalQuery all() {
        return new MockJournalQuery(null, null, null, null, null, null, null);
    }

    public MockJournalQuery service(String value) {
        return new MockJournalQuery(value, method, path, status, since, faulted, limit);
    }

    public MockJournalQuery method(String value) {
        return new MockJournalQuery(service, value, path, status, since, faulted, limit);
    }

    public MockJournalQuery path(String pattern) {
        return new MockJournalQuery(service, method, pattern, status, since, faulted, limit);
    }

    public MockJournalQuery status(int value) {
        return new MockJournalQuery(service, method, path, value, since, faulted, limit);
    }

    public MockJournalQuery since(Instant value) {
        return new MockJournalQuery(service, method, path, status, Objects.requireNonNull(value, "since"), faulted, limit);
    }

    public MockJournalQuery faulted(boolean value) {
        return new MockJournalQuery(service, method, path, status, since, value, limit);
    }

    public MockJournalQuery limit(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("limit must be at least 0: " + value);
        }
        return new MockJournalQuery(service, method, path, status, since, faulted, value);
    }
}
