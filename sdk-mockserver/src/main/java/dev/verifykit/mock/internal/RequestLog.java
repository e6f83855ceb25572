package dev.verifykit.mock.internal;

import dev.verifykit.mock.MockRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every request the mock answered, oldest first, keeping the most recent {@value #CAPACITY}. */
public final class RequestLog {

    static final int CAPACITY = 100_000;

    private final ArrayDeque<MockRequest> entries = new ArrayDeque<>();

    public synchronized void add(MockRequest request) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(request);
    }

    /** An immutable copy ordered by arrival. */
    public synchronized List<MockRequest> snapshot() {
        List<MockRequest> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparingLong(MockRequest::receivedNanos));
        return List.copyOf(copy);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
