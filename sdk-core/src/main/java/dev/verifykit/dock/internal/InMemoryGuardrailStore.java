package dev.verifykit.dock.internal;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.poll.internal.LocalReadState;
import dev.verifykit.poll.internal.ReadState;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link GuardrailStore#inMemory}: create buckets and session read states in maps, timed by the
 * client's scheduler. A session's state is forgotten once unused for its rules' {@code keep}.
 */
public final class InMemoryGuardrailStore implements GuardrailStore {
    private static final int SWEEP_EVERY = 256;

    private final Scheduler scheduler;
    private final Map<String, CreateBucket> buckets = new ConcurrentHashMap<>();
    private final Map<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();

    public InMemoryGuardrailStore(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Duration startCreate(String account, String createId, CreateRules rules) {
        return bucket(account, rules).start(createId, rules.lease()).retryAfter();
    }

    @Override
    public CreateStart tryStartCreate(String account, String createId, CreateRules rules, Duration timeLeft) {
        return bucket(account, rules).start(createId, rules.lease());
    }

    /** Kept in the account's bucket: until then no client sharing this store starts a create. */
    @Override
    public void createsRefused(String account, CreateRules rules, Duration hold, Duration timeLeft) {
        bucket(account, rules).refused(hold);
    }

    @Override
    public void createArrived(String account, String createId, CreateRules rules) {
        bucket(account, rules).arrived(createId);
    }

    @Override
    public void createUncounted(String account, String createId, CreateRules rules) {
        bucket(account, rules).uncounted(createId);
    }

    /**
     * The account's one bucket, as Dock keeps one per API key: clients sharing this store with other
     * rules use the first one's (together they never take more than the larger burst).
     */
    private CreateBucket bucket(String account, CreateRules rules) {
        return buckets.computeIfAbsent(account, k -> new CreateBucket(scheduler, rules.burst(), rules.refill()));
    }

    @Override
    public ReadStart startRead(String account, String sessionId, ReadRules rules) {
        long now = scheduler.nanoTime();
        Session session = sessions.compute(new SessionKey(account, sessionId), (key, existing) -> existing != null
                ? existing.touched(now) : new Session(new LocalReadState(rules.minInterval(), rules.cap(), rules.lease()),
                        rules.keep().toNanos(), now));
        if (created.incrementAndGet() % SWEEP_EVERY == 0) {
            sessions.values().removeIf(s -> now - s.lastUsedNanos > s.keepNanos);
        }
        ReadState.Start start = session.state.tryStart(now, Long.MAX_VALUE, rules.lease()); // each read its own client's lease
        if (start instanceof ReadState.Started started) {
            return ReadStart.started(started.token(), started.used());
        }
        if (start instanceof ReadState.Later later) {
            Duration retryAfter = Duration.ofNanos(later.nanos());
            return later.behindRequestInFlight() ? ReadStart.waitBehindReadInFlight(retryAfter) : ReadStart.waitFor(retryAfter);
        }
        return ReadStart.exhausted();
    }

    @Override
    public void readArrived(String account, String sessionId, String readId, Duration ago) {
        Session session = sessions.get(new SessionKey(account, sessionId));
        if (session != null) {
            long latest = scheduler.nanoTime() - ago.toNanos();
            session.state.arrived(readId, Long.MIN_VALUE, latest, Long.MAX_VALUE);
        }
    }

    int size() {
        return sessions.size();
    }

    @Override
    public String toString() {
        return "GuardrailStore.inMemory[sessions=" + sessions.size() + ", buckets=" + buckets.size() + "]";
    }

    /**
     * A session of an account: one small object per lookup, where a joined string took three. Its
     * {@code equals} and {@code hashCode} are written out: a record's own are bootstrapped through
     * {@code java.lang.runtime.ObjectMethods} at their first call, about 30 ms of a cold start's
     * first read (bench/analysis.md).
     */
    private record SessionKey(String account, String sessionId) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SessionKey key && Objects.equals(account, key.account) && Objects.equals(sessionId, key.sessionId);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(account) + Objects.hashCode(sessionId);
        }
    }

    private record Session(LocalReadState state, long keepNanos, long lastUsedNanos) {
        Session touched(long now) {
            return new Session(state, keepNanos, now);
        }
    }
}
