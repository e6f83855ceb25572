package dev.verifykit.webhook.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.time.Scheduler;
import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Claims and handled deliveries in one map, each with its expiry, in the order they were last
 * written. Expired entries are forgotten first. When all {@code maxEntries} still stand, the oldest
 * handled delivery is forgotten to make room (a copy of it, should one come, would be handled
 * again: the handler is to be idempotent), never a claim in progress, which would let a copy be
 * handled beside it; when every entry is a claim in progress, a new key is refused with a
 * {@link StoreUnavailableException} (the verifier answers 503 with {@code Retry-After}). Refusing
 * new deliveries until a day-old entry expires instead would lose them: the service stops retrying
 * long before.
 *
 * <p>Expiries are readings of a monotonic clock (a scheduler's {@link Scheduler#nanoTime() nanoTime},
 * compared by difference), never of the wall clock: the {@code now} each method is passed is not
 * read, so a step of the wall clock (an NTP correction) while a handler runs is no time its claim
 * stood, nor a handled delivery's. The clock is the scheduler of the verifier the guard is given to
 * ({@link #timedBy}; the first one's, when several share it), or {@link Scheduler#system()}'s when
 * the guard is used before any verifier is built with it.
 */
public final class InMemoryReplayGuard implements ReplayGuard {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.webhook");
    private final int maxEntries;
    private final Duration ttl;
    private final Duration claimTimeout;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private boolean warnedFull;
    /** What the expiries are readings of; {@code null} until a verifier is built with the guard or it is first used. */
    private Scheduler clock; // guarded by this

    /**
     * A claim (with its token) or a handled delivery (token {@code null}), until {@code expires}, a
     * reading of the clock's {@code nanoTime}.
     */
    private record Entry(String token, long expires) {
        boolean standsAt(long nowNanos) {
            return expires - nowNanos > 0; // readings compared by difference
        }
    }

    public InMemoryReplayGuard(int maxEntries, Duration ttl, Duration claimTimeout) {
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.claimTimeout = claimTimeout;
    }

    /**
     * Times {@code guard}, when it is an in-memory one, by {@code scheduler}'s monotonic clock, unless
     * it is timed already (by another verifier, or by its use before): the verifier it is given to
     * calls this, so that its claims stand on the verifier's own clock (a test's virtual one too).
     *
     * @return {@code guard}
     */
    public static ReplayGuard timedBy(ReplayGuard guard, Scheduler scheduler) {
        if (guard instanceof InMemoryReplayGuard inMemory) {
            synchronized (inMemory) {
                if (inMemory.clock == null) {
                    inMemory.clock = scheduler;
                }
            }
        }
        return guard;
    }

    /** The monotonic clock now; the first reading times the guard by the system's clock unless a verifier did. */
    private long nowNanos() {
        if (clock == null) {
            clock = Scheduler.system();
        }
        return clock.nanoTime();
    }

    /** {@inheritDoc} Timed on the guard's monotonic clock: {@code now} is not read. */
    @Override
    public synchronized Claim claim(String deliveryKey, Instant now) {
        long nowNanos = nowNanos();
        Entry entry = entries.get(deliveryKey);
        if (entry != null && entry.standsAt(nowNanos)) {
            return entry.token == null ? Claim.done(deliveryKey)
                    : Claim.inProgress(deliveryKey, Duration.ofNanos(entry.expires - nowNanos));
        }
        String token = UUID.randomUUID().toString();
        put(deliveryKey, new Entry(token, nowNanos + claimTimeout.toNanos()), nowNanos);
        return Claim.claimed(deliveryKey, token);
    }

    /** {@inheritDoc} Timed on the guard's monotonic clock: {@code now} is not read. */
    @Override
    public synchronized void commit(Claim claim, Instant now) {
        long nowNanos = nowNanos();
        put(claim.deliveryKey(), new Entry(null, nowNanos + ttl.toNanos()), nowNanos);
    }

    @Override
    public Duration claimTimeout() {
        return claimTimeout;
    }

    /** {@inheritDoc} Timed on the guard's monotonic clock: {@code now} is not read. */
    @Override
    public synchronized void extend(Claim claim, Instant now) {
        long nowNanos = nowNanos();
        Entry entry = entries.get(claim.deliveryKey());
        if (entry != null && claim.token().equals(entry.token) && entry.standsAt(nowNanos)) {
            put(claim.deliveryKey(), new Entry(entry.token, nowNanos + claimTimeout.toNanos()), nowNanos);
        }
    }

    @Override
    public synchronized void release(Claim claim) {
        Entry entry = entries.get(claim.deliveryKey());
        if (entry != null && claim.token().equals(entry.token)) {
            entries.remove(claim.deliveryKey());
        }
    }

    /**
     * Writes an entry, making room for a new key in a full guard: expired entries first, else the
     * oldest handled delivery; a new key when every entry is a claim in progress is refused, and
     * nothing is changed.
     */
    private void put(String key, Entry entry, long nowNanos) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            entries.values().removeIf(standing -> !standing.standsAt(nowNanos));
            if (entries.size() >= maxEntries && !forgetOldestHandled()) {
                throw new StoreUnavailableException(Service.DOKAI, "the in-memory replay guard is full: its " + maxEntries
                        + " entries (maxEntries) are all deliveries being handled; a new delivery is refused until"
                        + " one ends", null);
            }
        }
        entries.remove(key);
        entries.put(key, entry);
        forgetExpired(nowNanos);
    }

    /** Forgets the handled delivery written first, warning the first time; false when there is none. */
    private boolean forgetOldestHandled() {
        for (Iterator<Entry> all = entries.values().iterator(); all.hasNext(); ) {
            if (all.next().token == null) {
                all.remove();
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.log(System.Logger.Level.WARNING, "the in-memory replay guard is full (" + maxEntries
                            + " deliveries within " + ttl + "): it forgets the oldest handled ones before they"
                            + " expire, so a copy of one would be handled again; raise maxEntries or share a"
                            + " RedisReplayGuard");
                }
                return true;
            }
        }
        return false;
    }

    /** Drops expired entries from the oldest written on, stopping at the first that still stands. */
    private void forgetExpired(long nowNanos) {
        Iterator<Map.Entry<String, Entry>> all = entries.entrySet().iterator();
        while (all.hasNext() && !all.next().getValue().standsAt(nowNanos)) {
            all.remove();
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryReplayGuard[maxEntries=" + maxEntries + ", ttl=" + ttl + ", claimTimeout=" + claimTimeout
                + ", size=" + entries.size() + "]";
    }
}
