package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.DockControl;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockDockSession;
import dev.verifykit.mock.internal.Ids;
import dev.verifykit.mock.internal.Timestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * All Dock state behind one lock: sessions, create buckets, daily quotas, idempotency keys and
 * the link dataset. It answers in domain terms (a {@link CreateResult}, a {@link Read}, a
 * {@link Refused} rule); {@link DockService} turns those into HTTP. A change of a session signals that session's condition, which its held
 * long-polls and streams wait on (one condition for all would wake every held read on every
 * change); a reset, a clock change or closing signals them all.
 */
public final class DockState implements DockControl {

    private static final long MAX_SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * A create sweeps out expired state (sessions past their retention, idempotency records past
     * their time) after this many creates or a second of the mock's time, whichever comes first:
     * lookups check expiry themselves, so the sweep only bounds memory, and sweeping at every
     * create made n creates cost n² (10,000 creates: most of the mock's time).
     */
    private static final int SWEEP_EVERY = 256;
    private static final Pattern DISCORD_ID = Pattern.compile("[0-9]{17,20}");
    private static final Pattern ROBLOX_ID = Pattern.compile("[0-9]{1,20}");

    /** A read admitted by the guards, bound to the state generation it was admitted in. */
    record Read(DockSession session, long generation, RateLimit rateLimit) {
    }

    /** What a stream sees: a new state of the session, nothing new yet, or the session gone. */
    record Frame(MockDockSession session, long version, boolean gone) {
        static final Frame IDLE = new Frame(null, -1, false);
        static final Frame GONE = new Frame(null, -1, true);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final DockSettings settings;
    private final Clock clock;
    private final ClockKind clockKind;
    private final String dockBaseUrl;
    private final List<Account> accounts;

    private final Map<String, DockSession> sessions = new HashMap<>();
    private final Map<String, DockSession> pendingByClient = new HashMap<>();
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Map<String, DailyQuota> quotas = new HashMap<>();
    private final IdempotencyStore idempotency;
    private final LinkDataset links = new LinkDataset();
    private long generation;
    private int created;
    private int createsSinceSweep;
    // written under the lock, read without it by the two counters' getters
    private volatile int heldLongPolls;
    private volatile long idleLooks;
    private Instant nextSweep = Instant.MIN;
    private boolean closed;

    /** How the mock's clock moves, which decides how long a held read may sleep without a signal. */
    public enum ClockKind {
        /** The system clock: time passes as real time, so a held read may sleep until its session's expiry. */
        REAL_TIME,
        /**
         * A {@code MutableClock}: it stands still but when moved, and then wakes held reads ({@link #wake});
         * the mock time left to an expiry is no time in real time, so a held read sleeps until woken.
         */
        MOVED_WHEN_TOLD,
        /** Another clock, which tells nothing: a held read looks again every {@link #MAX_SLICE_NANOS} at most. */
        SILENT
    }

    /**
     * @param clockKind how {@code clock} moves (a held long-poll sleeping for the mock time left to its
     *     session's expiry under a {@code MutableClock} looked a thousand times a second on a session a
     *     millisecond from its end)
     */
    public DockState(DockSettings settings, Clock clock, ClockKind clockKind, String dockBaseUrl) {
        this.settings = settings;
        this.clock = clock;
        this.clockKind = clockKind;
        this.dockBaseUrl = dockBaseUrl;
        this.accounts = Account.all(settings);
        this.idempotency = new IdempotencyStore(settings.idempotencyTtl());
    }

    DockSettings settings() {
        return settings;
    }

    /** The clock as Dock reads it: {@link Timestamps#now}. */
    private Instant now() {
        return Timestamps.now(clock);
    }

    Clock clock() {
        return clock;
    }

    Optional<Account> account(String apiKey) {
        return Account.byKey(accounts, apiKey);
    }

    /**
     * Creates a session, reuses the pending one of the same pid and client, or replays the first
     * answer to {@code idempotencyKey}; {@code body} is the parsed request body, compared on a replay.
     *
     * @throws Refused when the key was used with another body, or a bucket or quota is empty
     */
    CreateResult create(Account account, String pid, String clientId, String guildId, Object body,
                        String idempotencyKey, String requestId) {
        lock.lock();
        try {
            Instant now = now();
            if (++createsSinceSweep >= SWEEP_EVERY || !now.isBefore(nextSweep)) {
                sweep(now);
            }
            if (idempotencyKey != null) {
                IdempotencyStore.Entry first = idempotency.find(account.apiKey(), idempotencyKey, now);
                if (first != null) {
                    if (!first.bodyFingerprint().equals(IdempotencyStore.fingerprint(body))) {
                        throw Refused.idempotencyConflict();
                    }
                    return new CreateResult(first.creation(), true, limits(account, now));
                }
            }
            DailyQuota quota = quota(account);
            requireDaily(quota, now);
            TokenBucket bucket = bucket(account, now);
            DockSession session = pendingByClient.get(clientKey(pid, clientId));
            if (session != null) {
                refresh(session, now);
            }
            boolean reused = session != null && session.isPending();
            if (!reused) {
                if (!bucket.tryTake(now)) {
                    throw Refused.rateLimited("Too many sessions created; the create bucket is empty",
                            bucket.retryAfterSeconds(now), RateLimit.createBucket(bucket, 0));
                }
                session = newSession(account, pid, clientId, guildId, now);
            }
            quota.take(now);
            Creation creation = new Creation(session.snapshot(), reused,
                    RateLimit.createBucket(bucket, bucket.remaining(now)), now, requestId);
            if (idempotencyKey != null) {
                idempotency.store(account.apiKey(), idempotencyKey, new IdempotencyStore.Entry(IdempotencyStore.fingerprint(body), creation));
            }
            return new CreateResult(creation, false, limits(account, now));
        } finally {
            lock.unlock();
        }
    }

    Read openRead(Account account, String sessionId) {
        lock.lock();
        try {
            Instant now = now();
            DockSession session = visible(sessionId, now);
            if (session == null || !session.apiKey.equals(account.apiKey())) {
                throw Refused.sessionNotFound();
            }
            int cap = account.pollCap();
            if (session.reads >= cap) {
                throw Refused.rateLimited("Poll cap of " + cap + " reads reached for this session", null,
                        RateLimit.polls(cap, 0));
            }
            if (session.lastReadStart != null) {
                Instant next = session.lastReadStart.plus(settings.minPollInterval());
                if (now.isBefore(next)) {
                    throw Refused.rateLimited("Reads of a session must start at least "
                                    + settings.minPollInterval().toMillis() + " ms apart",
                            Seconds.ceil(Duration.between(now, next).toNanos()), RateLimit.polls(cap, cap - session.reads));
                }
            }
            DailyQuota quota = quota(account);
            requireDaily(quota, now);
            quota.take(now);
            session.reads++;
            session.lastReadStart = now;
            return new Read(session, generation, RateLimit.polls(cap, cap - session.reads));
        } finally {
            lock.unlock();
        }
    }

    /** The session once it left {@code pending}, or as it is after {@code waitNanos} of real time. */
    MockDockSession awaitSettled(Read read, long waitNanos) throws InterruptedException {
        lock.lock();
        heldLongPolls++;
        try {
            long deadline = System.nanoTime() + waitNanos;
            boolean looked = false;
            while (true) {
                if (read.generation() != generation) {
                    throw Refused.sessionNotFound();
                }
                Instant now = now();
                refresh(read.session(), now);
                long left = deadline - System.nanoTime();
                if (!read.session().isPending() || closed || left <= 0) {
                    return read.session().snapshot();
                }
                if (looked) {
                    idleLooks++;
                }
                looked = true;
                read.session().changed.awaitNanos(switch (clockKind) {
                    case MOVED_WHEN_TOLD -> left;
                    case REAL_TIME -> Math.min(left, untilExpiry(read.session(), now));
                    case SILENT -> Math.min(left, slice(read.session(), now));
                });
            }
        } finally {
            heldLongPolls--;
            lock.unlock();
        }
    }

    /** The next state of the session newer than {@code seenVersion}, waiting until {@code untilNanos} at most. */
    Frame awaitChange(Read read, long seenVersion, long untilNanos) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed || read.generation() != generation) {
                    return Frame.GONE;
                }
                Instant now = now();
                DockSession session = read.session();
                refresh(session, now);
                if (session.version() != seenVersion) {
                    return new Frame(session.snapshot(), session.version(), false);
                }
                long left = untilNanos - System.nanoTime();
                if (left <= 0) {
                    return Frame.IDLE;
                }
                session.changed.awaitNanos(Math.min(left, slice(session, now)));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The key's create bucket and daily quota now. */
    Limits limits(Account account) {
        lock.lock();
        try {
            return limits(account, now());
        } finally {
            lock.unlock();
        }
    }

    Optional<MockDockSession> sessionForPage(String pid, String sessionId) {
        return session(sessionId).filter(s -> s.pid().equals(pid));
    }

    String dockBaseUrl() {
        return dockBaseUrl;
    }

    @Override
    public MockDockSession complete(String sessionId) {
        return complete(sessionId, Ids.discordId(), Ids.robloxId());
    }

    @Override
    public MockDockSession complete(String sessionId, String discordId, String robloxId) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (discordId == null || !DISCORD_ID.matcher(discordId).matches()) {
            throw new IllegalArgumentException("discordId must be a snowflake of 17 to 20 digits: " + discordId);
        }
        if (robloxId == null || !ROBLOX_ID.matcher(robloxId).matches()) {
            throw new IllegalArgumentException("robloxId must be 1 to 20 digits: " + robloxId);
        }
        lock.lock();
        try {
            Instant now = now();
            DockSession session = pendingOrFail(sessionId, now);
            session.complete(discordId, links.link(session.snapshot().pid(), discordId, robloxId), now);
            ended(session);
            return session.snapshot();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MockDockSession expire(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        lock.lock();
        try {
            Instant now = now();
            DockSession session = pendingOrFail(sessionId, now);
            session.expire(now);
            ended(session);
            return session.snapshot();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<MockDockSession> session(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        lock.lock();
        try {
            return Optional.ofNullable(visible(sessionId, now())).map(DockSession::snapshot);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How often a held long-poll has looked at its session again and found nothing to answer with
     * (no change, no expiry, time left): once a second each under a {@link ClockKind#SILENT} clock,
     * never otherwise. For tests.
     */
    public long idleLooks() {
        return idleLooks;
    }

    @Override
    public int heldLongPolls() {
        return heldLongPolls;
    }

    @Override
    public int sessionCount() {
        lock.lock();
        try {
            return created;
        } finally {
            lock.unlock();
        }
    }

    public void reset() {
        lock.lock();
        try {
            wakeAll();
            sessions.clear();
            pendingByClient.clear();
            buckets.clear();
            quotas.clear();
            idempotency.clear();
            links.clear();
            created = 0;
            generation++;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every held read so it sees the clock's new time. */
    public void wake() {
        lock.lock();
        try {
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends held long-polls (with the current state) and streams. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    private DockSession newSession(Account account, String pid, String clientId, String guildId, Instant now) {
        String id;
        do {
            id = "vsn_" + Ids.base62(22);
        } while (sessions.containsKey(id));
        String verifyUrl = dockBaseUrl + "/v2/verifications/discord?pid=" + URLEncoder.encode(pid, StandardCharsets.UTF_8)
                + "&sid=" + id;
        DockSession session = new DockSession(account.apiKey(), new MockDockSession(id, pid, clientId, DockSession.PENDING,
                now.plus(settings.sessionLifetime()), null, null, 0, false, guildId, null, now, null, null, null, verifyUrl),
                lock.newCondition());
        sessions.put(id, session);
        pendingByClient.put(clientKey(pid, clientId), session);
        created++;
        return session;
    }

    private DockSession pendingOrFail(String sessionId, Instant now) {
        DockSession session = visible(sessionId, now);
        if (session == null) {
            throw new NoSuchElementException("No Dock session " + sessionId);
        }
        if (!session.isPending()) {
            throw new IllegalStateException("Dock session " + sessionId + " is " + session.snapshot().status()
                    + ", not pending");
        }
        return session;
    }

    /** The session if it exists and is still retained; expires it first if its lifetime passed. */
    private DockSession visible(String sessionId, Instant now) {
        DockSession session = sessions.get(sessionId);
        if (session == null) {
            return null;
        }
        refresh(session, now);
        if (!session.isPending() && !now.isBefore(session.snapshot().terminalAt().plus(settings.terminalRetention()))) {
            sessions.remove(sessionId);
            return null;
        }
        return session;
    }

    private void refresh(DockSession session, Instant now) {
        if (session.expireIfDue(now)) {
            ended(session);
        }
    }

    private void ended(DockSession session) {
        pendingByClient.remove(clientKey(session.snapshot().pid(), session.snapshot().clientId()), session);
        session.changed.signalAll();
    }

    /**
     * Wakes the reads held on every retained session. A session no longer retained ended a
     * retention period ago, so reads on it have returned, except a stream stalled by a fault:
     * that one sees a reset or a close within its wait slice (at most 1 s).
     */
    private void wakeAll() {
        for (DockSession session : sessions.values()) {
            session.changed.signalAll();
        }
    }

    private void sweep(Instant now) {
        createsSinceSweep = 0;
        nextSweep = now.plusSeconds(1);
        for (Iterator<DockSession> it = sessions.values().iterator(); it.hasNext(); ) {
            DockSession session = it.next();
            refresh(session, now);
            if (!session.isPending() && !now.isBefore(session.snapshot().terminalAt().plus(settings.terminalRetention()))) {
                it.remove();
            }
        }
        idempotency.sweep(now);
    }

    private void requireDaily(DailyQuota quota, Instant now) {
        if (!quota.available(now)) {
            throw Refused.rateLimited("Daily verification-session limit of " + quota.limit() + " reached",
                    quota.secondsUntilReset(now), RateLimit.dailyExhausted(quota));
        }
    }

    private Limits limits(Account account, Instant now) {
        TokenBucket bucket = bucket(account, now);
        DailyQuota quota = quota(account);
        return new Limits(bucket.capacity(), bucket.remaining(now), bucket.resetEpochSeconds(now), quota.limit(),
                quota.remaining(now));
    }

    private TokenBucket bucket(Account account, Instant now) {
        return buckets.computeIfAbsent(account.apiKey(),
                k -> new TokenBucket(settings.createBurst(), settings.createRefill(), now));
    }

    private DailyQuota quota(Account account) {
        return quotas.computeIfAbsent(account.apiKey(), k -> new DailyQuota(account.dailyLimit()));
    }

    /**
     * How long a stream waits before looking again without a signal: until the session expires, at
     * most {@link #MAX_SLICE_NANOS} (under a {@link ClockKind#SILENT} clock, or stalled by a fault, it
     * notices an expiry, a reset or a close within it); under a {@link ClockKind#MOVED_WHEN_TOLD} clock,
     * which wakes it when moved (its time left is no real time), {@link #MAX_SLICE_NANOS}. A held
     * long-poll waits for the same under a silent clock only: 10,000 held long-polls each looking
     * again every second under the one lock took most of the mock's CPU.
     */
    private long slice(DockSession session, Instant now) {
        return clockKind == ClockKind.MOVED_WHEN_TOLD ? MAX_SLICE_NANOS
                : Math.min(MAX_SLICE_NANOS, untilExpiry(session, now));
    }

    /**
     * How long a held read waits before looking again without a signal: until the session expires
     * (a change, a reset, a clock change or closing signals it). Thousands of held long-polls
     * waking every second to look contended for the lock with the requests being served.
     */
    private static long untilExpiry(DockSession session, Instant now) {
        if (!session.isPending()) {
            return Long.MAX_VALUE;
        }
        Duration left = Duration.between(now, session.snapshot().expiresAt());
        if (left.compareTo(Duration.ofDays(1)) > 0) {
            return TimeUnit.DAYS.toNanos(1); // a lifetime of centuries would overflow nanoseconds
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), left.toNanos());
    }

    private static String clientKey(String pid, String clientId) {
        return pid + '\n' + clientId;
    }
}
