package dev.verifykit.dock;

import dev.verifykit.dock.internal.InMemoryGuardrailStore;
import dev.verifykit.internal.Require;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link DockClient} keeps the state of the guardrails Dock counts per API key and per
 * session: the create bucket, and each session's reads (the least time between their arrivals, and
 * their number). By default each client keeps them in memory, which is right for one process;
 * several processes sharing one API key share one store (the {@code verifykit-redis} module has
 * one), so that together they never trip a guardrail.
 *
 * <p>The client calls a store before each create and each read it sends, and again when it ends,
 * from the thread that runs the call or the wait: the caller's for a blocking call, the client's
 * wait threads for an asynchronous wait (never the client's timer thread, unless the store is the
 * in-memory one), so a store that waits for its backing service holds up only the call asking it.
 * A store answers quickly and, when its backing service is unreachable, fails fast with an
 * exception: the client then sends nothing (it fails closed) — a create fails, a read or a wait
 * tries again later as it would after a network failure. With each step of a create or a read,
 * the client tells the store what is left of the call's deadline (the forms taking
 * {@code timeLeft}), which a store backed by a service does not wait past; a store that wraps
 * another passes it on by overriding those forms too (their defaults call the forms without it).
 * The client's {@code close()} interrupts a thread waiting in a store's method (a start or a
 * report): a store waiting for its backing service should stop at an interrupt (keeping the flag
 * set), undoing a start its service may still make (as the Redis store does); a start it grants
 * as it is interrupted (an answer already on its way) is told back before {@code close()} returns,
 * which waits for it at most 5 seconds. A report made after
 * the close (the end of a read or a create the close ended) is given a {@code timeLeft} of 1 ns and
 * is not interrupted: a store backed by a service sends it without waiting for the answer. The
 * close makes those reports itself, before it returns, so that a store closed right after the
 * client still gets them (close a client before its store); a store that waits here holds up the
 * client's {@code close()}.
 * Implementations are thread-safe, each method one atomic step on the shared state; they read time
 * from their own clock when shared (so that instance clocks do not matter).
 *
 * <p>{@code account} names an API key without being one: a hash of it, made by the client.
 */
public interface GuardrailStore {
    /** The {@code timeLeft} of a call or wait with no deadline: longer than any store waits. */
    Duration NO_DEADLINE = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * Asks to send a create, in one atomic step: started (zero is returned) when the account's
     * create bucket, less the tokens held by creates in flight, has a token; the create then holds
     * it until {@link #createArrived} or {@link #createUncounted}, for at most
     * {@link CreateRules#lease()}. Otherwise returns how long to wait before asking again (nothing
     * is held). The bucket holds at most {@link CreateRules#burst()} tokens and gains one every
     * {@link CreateRules#refill()}, starting full. It is one per account, as the service's is per
     * API key, also for clients whose rules differ: together they take at most the larger burst.
     *
     * <p>The service takes a token when a create <em>arrives</em>, some time between its send and
     * its answer: a create sent early can arrive late, next to one sent a refill later. Holding a
     * token from the send and taking it at the answer (the latest the create can have arrived)
     * keeps every span of arrivals within the service's bucket, whatever the network's delays and
     * however many instances share the store.
     *
     * @param createId tells this create from any other (unique across the instances sharing a store)
     */
    Duration startCreate(String account, String createId, CreateRules rules);

    /**
     * {@link #startCreate(String, String, CreateRules)} within what is left of the call's deadline:
     * a store backed by a service waits for its answer at most {@code timeLeft} (as well as its own
     * bound), then fails with a {@link dev.verifykit.error.StoreUnavailableException} and leaves no
     * token held by this create (the create was not sent). The client calls this form; the default
     * ignores {@code timeLeft}, which is right for a store that answers from memory.
     *
     * @param timeLeft what is left of the call's deadline, positive; {@link #NO_DEADLINE} when it has none
     */
    default Duration startCreate(String account, String createId, CreateRules rules, Duration timeLeft) {
        return startCreate(account, createId, rules);
    }

    /**
     * {@link #startCreate(String, String, CreateRules, Duration)}, telling why a create must wait: for
     * a token of the bucket ({@link CreateStart.Kind#WAIT}), or because the service refused a create
     * of the account and a store keeping that ({@link #createsRefused}) holds every create back
     * ({@link CreateStart.Kind#REFUSED}), so that the client's error names the cause. The client
     * calls this form; the default calls {@code startCreate} with {@code timeLeft} and tells every
     * wait as the bucket's, which is right for a store that keeps no refusal.
     *
     * @param timeLeft what is left of the call's deadline, positive; {@link #NO_DEADLINE} when it has none
     */
    default CreateStart tryStartCreate(String account, String createId, CreateRules rules, Duration timeLeft) {
        Duration wait = startCreate(account, createId, rules, timeLeft);
        return wait.isZero() ? CreateStart.started() : CreateStart.waitFor(wait);
    }

    /**
     * A started create was answered, or failed without an answer understood: it reached the service
     * by now at the latest, and its token is taken now. A create whose lease ran out counted as
     * arrived then; for it this does nothing.
     */
    void createArrived(String account, String createId, CreateRules rules);

    /**
     * {@link #createArrived(String, String, CreateRules)} within what is left of the call's
     * deadline, as {@link #readArrived(String, String, String, Duration, Duration)} is. The client
     * calls this form; the default ignores {@code timeLeft}.
     */
    default void createArrived(String account, String createId, CreateRules rules, Duration timeLeft) {
        createArrived(account, createId, rules);
    }

    /**
     * A started create did not count at the service (refused before its bucket, or a session
     * reused or replayed): its token is free again. Does nothing for a create whose lease ran out.
     */
    void createUncounted(String account, String createId, CreateRules rules);

    /**
     * {@link #createUncounted(String, String, CreateRules)} within what is left of the call's
     * deadline, as {@link #readArrived(String, String, String, Duration, Duration)} is. The client
     * calls this form; the default ignores {@code timeLeft}.
     */
    default void createUncounted(String account, String createId, CreateRules rules, Duration timeLeft) {
        createUncounted(account, createId, rules);
    }

    /**
     * The service refused a create of the account (429) and asked for none for {@code hold}: Dock's
     * bucket was emptier than the store's (spent by a client outside the store, or before the store
     * lost its state). A store shared by several processes keeps it, so that until then
     * {@link #startCreate} of every instance asks to wait (holding nothing) instead of drawing a
     * refusal of its own. The client bounds {@code hold} (by the bucket's fill time) and holds back
     * its own creates either way; the default keeps nothing, which is right for a store of one
     * client. A report like {@link #createArrived}: within {@code timeLeft}, and a failure to record
     * it is only logged.
     *
     * @param hold positive
     * @param timeLeft what is left of the call's deadline, positive; {@link #NO_DEADLINE} when it has none
     */
    default void createsRefused(String account, CreateRules rules, Duration hold, Duration timeLeft) {
    }

    /**
     * Asks to start a read of a session (a retrieve, a long-poll, a stream open), in one atomic
     * step: refused with {@link ReadStart.Kind#EXHAUSTED} once {@link ReadRules#cap()} reads were
     * started, asked to wait while another read of the session is in flight
     * ({@link ReadStart#waitBehindReadInFlight}) or less than {@link ReadRules#minInterval()} has passed
     * since the previous read arrived at the service ({@link ReadStart#waitFor});
     * otherwise started, counted, and marked in flight for at most {@link ReadRules#lease()}. The
     * client writes a started read's request within {@code lease - min(1 minute, lease / 2)} of
     * asking, or not at all, so that a read still in flight when its lease ends has reached the
     * service by then (its trip taking less than the rest).
     */
    ReadStart startRead(String account, String sessionId, ReadRules rules);

    /**
     * {@link #startRead(String, String, ReadRules)} within what is left of the deadline of the call
     * or wait the read is for: a store backed by a service waits for its answer at most
     * {@code timeLeft} (as well as its own bound), then fails with a
     * {@link dev.verifykit.error.StoreUnavailableException} and leaves no read of the session in
     * flight (the read was not sent; it may still count against the cap). The client calls this
     * form; the default ignores {@code timeLeft}, which is right for a store that answers from memory.
     *
     * @param timeLeft what is left of the deadline, positive; {@link #NO_DEADLINE} when there is none
     */
    default ReadStart startRead(String account, String sessionId, ReadRules rules, Duration timeLeft) {
        return startRead(account, sessionId, rules);
    }

    /**
     * A started read arrived at the service {@code ago} before now at the latest (its answer's head
     * came, or it failed or was abandoned): the next read may start a minimum interval after that,
     * never counting from before the read started. Does nothing when {@code readId} is no longer the
     * read in flight (its lease ran out).
     */
    void readArrived(String account, String sessionId, String readId, Duration ago);

    /**
     * {@link #readArrived(String, String, String, Duration)} within what is left of the deadline of
     * the call or wait the read was for: a store backed by a service waits for its answer at most
     * {@code timeLeft} (as well as its own bound), and once that has passed returns with the report
     * still on its way, to take effect when the service gets to it (a report dropped would hold the
     * session's reads until the read's lease ends). The client calls this form; the default ignores
     * {@code timeLeft}, which is right for a store that answers from memory.
     *
     * @param timeLeft what is left of the deadline, positive (it may have passed while the read was
     *     in flight: then the least positive duration); {@link #NO_DEADLINE} when there is none
     */
    default void readArrived(String account, String sessionId, String readId, Duration ago, Duration timeLeft) {
        readArrived(account, sessionId, readId, ago);
    }

    /**
     * The default store: everything in this process's memory, timed by {@code scheduler}. A
     * session's state is forgotten {@link ReadRules#keep()} after its last read.
     */
    static GuardrailStore inMemory(Scheduler scheduler) {
        return new InMemoryGuardrailStore(Require.present("scheduler", scheduler));
    }

    /** The rules of a session's reads, the same for every read of one client. */
    final class ReadRules {
        private final Duration minInterval;
        private final int cap;
        private final Duration lease;
        private final Duration keep;

        private ReadRules(Duration minInterval, int cap, Duration lease, Duration keep) {
            this.minInterval = minInterval;
            this.cap = cap;
            this.lease = lease;
            this.keep = keep;
        }

        /**
         * @param minInterval the least time between the arrivals of two reads of a session, zero or
         *     positive, at most 999,999,999 s
         * @param cap the most reads of a session
         * @param lease the longest a read may stay in flight before the store counts it as arrived
         * @param keep how long to remember a session after its last read
         */
        public static ReadRules of(Duration minInterval, int cap, Duration lease, Duration keep) {
            Require.notNegative("minInterval", minInterval);
            Require.between("cap", cap, 1, Integer.MAX_VALUE);
            return new ReadRules(minInterval, cap, Require.positive("lease", lease), Require.positive("keep", keep));
        }

        public Duration minInterval() {
            return minInterval;
        }

        public int cap() {
            return cap;
        }

        public Duration lease() {
            return lease;
        }

        public Duration keep() {
            return keep;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReadRules r && minInterval.equals(r.minInterval) && cap == r.cap
                    && lease.equals(r.lease) && keep.equals(r.keep);
        }

        @Override
        public int hashCode() {
            return Objects.hash(minInterval, cap, lease, keep);
        }

        @Override
        public String toString() {
            return "ReadRules[minInterval=" + minInterval + ", cap=" + cap + ", lease=" + lease + ", keep=" + keep + "]";
        }
    }

    /** The rules of an account's creates, the same for every create of one client. */
    final class CreateRules {
        private final int burst;
        private final Duration refill;
        private final Duration lease;

        private CreateRules(int burst, Duration refill, Duration lease) {
            this.burst = burst;
            this.refill = refill;
            this.lease = lease;
        }

        /**
         * @param burst the most tokens the bucket holds
         * @param refill the time in which the bucket gains one token; {@code burst} of them (the time
         *     the bucket takes to fill) at most 999,999,999 s
         * @param lease the longest a create may stay in flight before the store counts it as arrived
         *     (the client writes a create no later than a minute, at most half the lease, before it
         *     ends, counted from before it asked the store; one that could not leave by then is not
         *     sent, and told {@link GuardrailStore#createUncounted uncounted})
         */
        public static CreateRules of(int burst, Duration refill, Duration lease) {
            Require.between("burst", burst, 1, Integer.MAX_VALUE);
            Require.fillTime("refill", burst, Require.positive("refill", refill));
            return new CreateRules(burst, refill, Require.positive("lease", lease));
        }

        public int burst() {
            return burst;
        }

        public Duration refill() {
            return refill;
        }

        public Duration lease() {
            return lease;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CreateRules r && burst == r.burst && refill.equals(r.refill) && lease.equals(r.lease);
        }

        @Override
        public int hashCode() {
            return Objects.hash(burst, refill, lease);
        }

        @Override
        public String toString() {
            return "CreateRules[burst=" + burst + ", refill=" + refill + ", lease=" + lease + "]";
        }
    }

    /** What asking to start a create gave ({@link #tryStartCreate}). Stores create them with the static factories. */
    final class CreateStart {
        /** The kinds of answer. */
        public enum Kind {
            /** Send the create now (it holds a token), and report its end with {@link GuardrailStore#createArrived} or {@link GuardrailStore#createUncounted}. */
            STARTED,
            /** The create bucket has no token free: ask again after {@link CreateStart#retryAfter()} (nothing is held). */
            WAIT,
            /**
             * The service refused a create of the account (429), as told by {@link GuardrailStore#createsRefused}
             * (by any instance sharing the store), and takes none before {@link CreateStart#retryAfter()}
             * has passed: ask again then (nothing is held).
             */
            REFUSED
        }

        private static final CreateStart STARTED_START = new CreateStart(Kind.STARTED, Duration.ZERO);

        private final Kind kind;
        private final Duration retryAfter;

        private CreateStart(Kind kind, Duration retryAfter) {
            this.kind = kind;
            this.retryAfter = retryAfter;
        }

        /** The create may be sent. */
        public static CreateStart started() {
            return STARTED_START;
        }

        /**
         * No token is free; ask again after {@code retryAfter} (a wait shorter than 1 ns is 1 ns, one
         * longer than 999,999,999 s is that long).
         */
        public static CreateStart waitFor(Duration retryAfter) {
            return new CreateStart(Kind.WAIT, atLeastOneNano(retryAfter));
        }

        /**
         * The service's refusal holds creates back; ask again after {@code retryAfter} (a wait shorter
         * than 1 ns is 1 ns, one longer than 999,999,999 s is that long).
         */
        public static CreateStart refusedFor(Duration retryAfter) {
            return new CreateStart(Kind.REFUSED, atLeastOneNano(retryAfter));
        }

        private static Duration atLeastOneNano(Duration retryAfter) {
            Require.present("retryAfter", retryAfter);
            return retryAfter.compareTo(Duration.ofNanos(1)) < 0 ? Duration.ofNanos(1) : Require.capped(retryAfter);
        }

        public Kind kind() {
            return kind;
        }

        /** How long to wait before asking again; zero for {@link Kind#STARTED}. */
        public Duration retryAfter() {
            return retryAfter;
        }

        @Override
        public String toString() {
            return kind == Kind.STARTED ? "CreateStart[STARTED]" : "CreateStart[" + kind + " " + retryAfter + "]";
        }
    }

    /** What asking to start a read gave. Stores create them with the static factories. */
    final class ReadStart {
        /** The kinds of answer. */
        public enum Kind {
            /** Send the read now, and report it with {@link GuardrailStore#readArrived}. */
            STARTED,
            /** Ask again after {@link ReadStart#retryAfter()}. */
            WAIT,
            /** The session's reads are used up. */
            EXHAUSTED
        }

        private static final ReadStart EXHAUSTED_START = new ReadStart(Kind.EXHAUSTED, null, 0, Duration.ZERO, false);

        private final Kind kind;
        private final String readId;
        private final int used;
        private final Duration retryAfter;
        private final boolean behindReadInFlight;

        private ReadStart(Kind kind, String readId, int used, Duration retryAfter, boolean behindReadInFlight) {
            this.kind = kind;
            this.readId = readId;
            this.used = used;
            this.retryAfter = retryAfter;
            this.behindReadInFlight = behindReadInFlight;
        }

        /**
         * The read may start.
         *
         * @param readId tells this read from any other of the session
         * @param used the session's reads started so far, this one included
         */
        public static ReadStart started(String readId, int used) {
            return new ReadStart(Kind.STARTED, Require.present("readId", readId), used, Duration.ZERO, false);
        }

        /**
         * The read may not start yet; ask again after {@code retryAfter} (a negative one is taken as
         * zero; zero, as a store keeping whole milliseconds answers less than one left, is asked
         * again 10 ms later, never at once; one longer than 999,999,999 s is that long).
         */
        public static ReadStart waitFor(Duration retryAfter) {
            return waiting(retryAfter, false);
        }

        /**
         * The read may not start yet because another read of the session is in flight (sent by any
         * client sharing the store): ask again after {@code retryAfter}, as {@link #waitFor}. That
         * is only a re-check time, not the read's turn, which may come the moment the read in flight
         * arrives (a long-poll the service held counts as arrived when it was sent): a call whose
         * deadline comes before {@code retryAfter} asks again sooner instead of giving up. A store
         * answering {@link #waitFor} instead is still right; its callers behind a read in flight
         * then give up when the re-check would pass their deadline.
         */
        public static ReadStart waitBehindReadInFlight(Duration retryAfter) {
            return waiting(retryAfter, true);
        }

        private static ReadStart waiting(Duration retryAfter, boolean behindReadInFlight) {
            Require.present("retryAfter", retryAfter);
            return new ReadStart(Kind.WAIT, null, 0, retryAfter.isNegative() ? Duration.ZERO : Require.capped(retryAfter),
                    behindReadInFlight);
        }

        /** The session's reads are used up. */
        public static ReadStart exhausted() {
            return EXHAUSTED_START;
        }

        public Kind kind() {
            return kind;
        }

        /** The read's id; empty unless {@link Kind#STARTED}. */
        public String readId() {
            return readId == null ? "" : readId;
        }

        /** For {@link Kind#STARTED}, the session's reads started so far, this one included; else 0. */
        public int used() {
            return used;
        }

        /** For {@link Kind#WAIT}, how long to wait before asking again; else zero. */
        public Duration retryAfter() {
            return retryAfter;
        }

        /** Whether this is a {@link Kind#WAIT} behind another read in flight ({@link #waitBehindReadInFlight}). */
        public boolean behindReadInFlight() {
            return behindReadInFlight;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case STARTED -> "ReadStart[STARTED " + readId + ", used " + used + "]";
                case WAIT -> "ReadStart[WAIT " + retryAfter + (behindReadInFlight ? ", behind a read in flight]" : "]");
                case EXHAUSTED -> "ReadStart[EXHAUSTED]";
            };
        }
    }
}
