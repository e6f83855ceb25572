package dev.verifykit.mock;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A filter over the {@link MockJournal}: every criterion given must hold. Immutable; each method
 * returns a new query.
 *
 * <pre>{@code
 * MockJournalQuery failedDockReads = MockJournalQuery.all().service("dock").method("GET").status(429).limit(10);
 * }</pre>
 *
 * @param service {@code dock}, {@code roblox}, {@code dokai}, {@code control}, {@code none} (any case), or {@code null}
 *     for any; another is refused with an {@link IllegalArgumentException}, since it would match nothing
 * @param method an HTTP method (any case), or {@code null} for any; another (blank, spaced, or the fault rules'
 *     {@code *}) is refused with an {@link IllegalArgumentException}, since it would match nothing
 * @param path a path pattern as in {@link MockFaultRule} ({@code *} one segment, {@code **} any), or {@code null}
 * @param status a status the journal can hold, an HTTP status (100 to 599) or -1 (nothing processed and nothing
 *     sent), or {@code null}; another is refused with an {@link IllegalArgumentException}, since it would match nothing
 * @param since only requests received at or after this instant (the mock's clock), or {@code null}
 * @param faulted {@code true} for faulted requests only, {@code false} for the others, {@code null} for both
 * @param limit at most this many, the most recent ones, or {@code null}; at least 0
 */
public record MockJournalQuery(String service, String method, String path, Integer status, Instant since,
                               Boolean faulted, Integer limit) {

    /** An HTTP method as the fault rules take one (any case here): letters only. */
    private static final Pattern METHOD = Pattern.compile("[A-Za-z]+");
    private static final List<String> SERVICES = List.of("dock", "roblox", "dokai", "control", "none");

    /**
     * Checks the service, the method, the status and the limit: a service the mock does not have, a
     * method no request has, or a status no answer has, would match nothing, and a test asserting that
     * no request was sent would pass whatever its client did.
     *
     * @throws IllegalArgumentException naming the criterion
     */
    public MockJournalQuery {
        if (service != null && !SERVICES.contains(service.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("service must be dock, roblox, dokai, control or none (any case): "
                    + service);
        }
        if (method != null && !METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method must be an HTTP method (letters, any case), or null for any: "
                    + method);
        }
        if (status != null && status != -1 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be -1 or 100 to 599 (an HTTP status, or -1 for nothing"
                    + " processed and nothing sent): " + status);
        }
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("limit must be at least 0: " + limit);
        }
    }

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
        return new MockJournalQuery(service, method, path, status, since, faulted, value);
    }
}
