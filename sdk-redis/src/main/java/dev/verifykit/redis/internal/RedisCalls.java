package dev.verifykit.redis.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Redis connection used the way the SDK's timer thread needs: every command waits at most the
 * command timeout (or what is left of the caller's deadline, when that is shorter); a failure
 * starts a cool-down during which calls fail at once with {@link StoreUnavailableException}
 * without touching Redis; a connection that is down fails at once (its commands are not queued
 * for a reconnect that may come after the caller gave up); a call whose thread is interrupted
 * fails without a cool-down. {@link #close()} ends the calls waiting for Redis at once, and later
 * calls fail at once and send nothing. Thread-safe.
 */
public final class RedisCalls implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.redis");
    /** A caller's time left that does not bound a call. */
    private static final Duration NO_DEADLINE = Duration.ofNanos(Long.MAX_VALUE);

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final boolean owned;
    private final long timeoutNanos;
    private final long coolDownNanos;
    private final Service service;
    private final String storeName;
    /** {@link System#nanoTime()} until which calls fail at once; meaningful while {@link #cooling}. */
    private volatile long coolUntil;
    private volatile boolean cooling;
    /** Guards {@link #waiting}, {@link #sending} and the setting of {@link #closed}. */
    private final Object lock = new Object();
    private volatile boolean closed;
    /**
     * The calls whose command is being handed to Lettuce (registered among {@link #waiting} first):
     * {@link #close()} waits for them (a hand-over does not wait for Redis), so that each undo it
     * sends follows its command.
     */
    private int sending;
    /**
     * The answers callers wait for, each with what sends its {@link Undo} should it not come, until
     * it comes or the wait ends; {@link #close()} ends these waits.
     */
    private final Map<CompletableFuture<?>, Runnable> waiting = new HashMap<>();
    /**
     * The follow-ups ({@link #send}, undos) sent and not answered yet. While the connection is down
     * Lettuce keeps them for the reconnect, and closing it drops them: {@link #close()} closes an
     * owned connection once they are answered (or after the command timeout).
     */
    private final Set<CompletableFuture<?>> followUps = ConcurrentHashMap.newKeySet();

    /**
     * @param owned whether {@link #close()} closes the connection (it was opened for this store)
     * @param storeName names the store in errors ("the guardrail store", "the replay guard")
     */
    public RedisCalls(StatefulRedisConnection<byte[], byte[]> connection, boolean owned, Duration timeout,
            Duration coolDown, Service service, String storeName) {
        this.connection = connection;
        this.owned = owned;
        this.timeoutNanos = timeout.toNanos();
        this.coolDownNanos = coolDown.toNanos();
        this.service = service;
        this.storeName = storeName;
    }

    /** The command timeout. */
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /**
     * Runs one command and waits for its answer.
     *
     * @param what what the command was for, for the error ("a read of a session was not started")
     * @throws StoreUnavailableException when Redis cannot be reached, answers with an error, or
     *     does not answer within the command timeout; or during the cool-down after such a failure
     */
    public <T> T call(String what, Function<RedisAsyncCommands<byte[], byte[]>, RedisFuture<T>> command) {
        return guard(what, () -> await(() -> command.apply(connection.async()), System.nanoTime() + timeoutNanos, null,
                null, null));
    }

    /** Runs a script (by its SHA-1, loading it when Redis does not know it) and returns its answer. */
    public List<Object> script(String what, Script script, byte[][] keys, byte[]... args) {
        return script(what, NO_DEADLINE, script, null, keys, args);
    }

    /**
     * Runs a script as {@link #script(String, Script, byte[][], byte[]...)} does; when Redis does
     * not answer it (it was sent and may still run when Redis gets to it), sends {@code undo} on the
     * same keys right after it, as {@link #send} does, to run after it: also when {@link #close()}
     * ended the wait.
     */
    public List<Object> script(String what, Script script, Undo undo, byte[][] keys, byte[]... args) {
        return script(what, NO_DEADLINE, script, undo, keys, args);
    }

    /**
     * Runs a script as {@link #script(String, Script, Undo, byte[][], byte[]...)} does, waiting for
     * its answer at most the command timeout or {@code timeLeft} (what is left of the caller's
     * deadline), whichever is shorter. A caller's deadline reached first fails the call without
     * starting a cool-down: Redis was not shown to be unwell, only slower than the time the caller
     * had left.
     *
     * @param undo null when nothing is to be undone
     */
    public List<Object> script(String what, Duration timeLeft, Script script, Undo undo, byte[][] keys,
            byte[]... args) {
        Duration callersBound = callersBound(timeLeft);
        long end = System.nanoTime() + Math.min(timeoutNanos, Math.max(1, timeLeft.toNanos()));
        return guard(what, () -> {
            try {
                return await(() -> connection.async().<List<Object>>evalsha(script.sha1(), ScriptOutputType.MULTI, keys,
                        args), end, callersBound, undo, keys);
            } catch (RedisNoScriptException e) {
                return await(() -> connection.async().<List<Object>>eval(script.text(), ScriptOutputType.MULTI, keys, args),
                        end, callersBound, undo, keys);
            }
        });
    }

    /**
     * Runs a script that records something done (the end of a create or a read), waiting for its
     * answer as {@link #script(String, Duration, Script, byte[][], byte[]...)} does; but once the
     * caller's time left has passed it returns and leaves the script to run when Redis gets to it,
     * since a record dropped would hold what it ends until a lease runs out. Such a script is sent by
     * its text, whatever the time left: after a restart Redis no longer has it, and an
     * {@code EVALSHA} refused once the caller has gone (or once {@link #close()} ended its wait, after
     * which nothing is sent again) would be lost. For the same reason a record that fails otherwise (not sent in
     * the cool-down or while the connection is down, or not answered) is sent again without waiting,
     * as {@link #send} does: such scripts act only on the id they name, so running twice is harmless.
     *
     * @throws StoreUnavailableException as the other forms do, except for the caller's time running out
     */
    public void record(String what, Duration timeLeft, Script script, byte[][] keys, byte[]... args) {
        Duration callersBound = callersBound(timeLeft);
        try {
            // by its text whatever the time left: a close ending this wait sends nothing more, and an
            // EVALSHA Redis then refused (its scripts lost) would be lost with it
            long end = System.nanoTime() + (callersBound == null ? timeoutNanos : Math.max(1, timeLeft.toNanos()));
            guard(what, () -> await(() -> connection.async().<List<Object>>eval(script.text(), ScriptOutputType.MULTI, keys,
                    args), end, callersBound, null, keys));
        } catch (StoreUnavailableException e) {
            if (!(e.getCause() instanceof CallerDeadline)) {
                send(script, keys, args);
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, () -> storeName + ": the caller's time ran out before Redis answered a"
                    + " report; it is left to run when Redis gets to it");
        }
    }

    /**
     * {@link #record(String, Duration, Script, byte[][], byte[]...)} for a caller without a deadline
     * (a release of a webhook claim): by the script's text, sent again without waiting when it fails.
     */
    public void record(String what, Script script, byte[][] keys, byte[]... args) {
        record(what, NO_DEADLINE, script, keys, args);
    }

    /** {@code timeLeft} when it is shorter than the command timeout (it bounds the wait), else null. */
    private Duration callersBound(Duration timeLeft) {
        return timeLeft.toNanos() < timeoutNanos ? timeLeft : null;
    }

    /**
     * Sends a script without waiting for its answer; it runs after every command this store sent
     * before it, as Redis runs one connection's commands in order. For a follow-up of a command
     * (an {@link Undo}, a report sent again); a failure is only logged. Sent while the connection is
     * down too: Lettuce keeps it, after the unanswered commands it sends again once reconnected, so
     * that it still follows what it follows up; but only until Lettuce's own command timeout (the
     * {@code RedisURI}'s, 60 s by default) fails it unsent, after which the lease (or the claim
     * timeout) ends what it would have ended. Once closed, nothing is sent by this method (the
     * {@link Undo} of a script sent before the close still is, by {@link #close()}).
     */
    public void send(Script script, byte[][] keys, byte[]... args) {
        if (closed) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a follow-up command of " + storeName + " was not sent: it was closed");
            return;
        }
        dispatch(script, keys, args);
    }

    private void dispatch(Script script, byte[][] keys, byte[]... args) {
        try {
            // by its text: a rare command, which must not depend on Redis's script cache
            RedisFuture<List<Object>> sent = connection.async().eval(script.text(), ScriptOutputType.MULTI, keys, args);
            followUp(sent.toCompletableFuture());
            sent.whenComplete((answer, failure) -> {
                if (failure != null) {
                    LOG.log(System.Logger.Level.DEBUG, "a follow-up command of " + storeName + " failed", failure);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a follow-up command of " + storeName + " was not sent", e);
        } catch (Error e) {
            // thrown as it was sent (a CommandListener of the application's Lettuce client): out of here it
            // would stop a close midway, or a call's hand-over before the close waiting for it is told
            LOG.log(System.Logger.Level.WARNING, "a follow-up command of " + storeName + " was not sent", e);
        }
    }

    /** Keeps {@code sent} among the {@link #followUps} until it is answered. */
    private void followUp(CompletableFuture<?> sent) {
        followUps.add(sent);
        sent.whenComplete((answer, failure) -> followUps.remove(sent));
    }

    /**
     * Runs {@code work} (which talks to Redis) under the cool-down rule: any exception it throws
     * becomes a {@link StoreUnavailableException} and starts a cool-down.
     */
    private <T> T guard(String what, Supplier<T> work) {
        if (closed) {
            throw new StoreUnavailableException(service, storeName + " (Redis) was closed, so " + what
                    + " (nothing was sent)", null);
        }
        if (cooling && System.nanoTime() - coolUntil < 0) {
            throw unavailable(what, "in its cool-down after a failure", null);
        }
        if (!connection.isOpen()) {
            coolDown();
            throw unavailable(what, "its connection is down", null);
        }
        try {
            T result = work.get();
            cooling = false;
            return result;
        } catch (StoreUnavailableException e) {
            coolDown();
            throw e;
        } catch (CallerDeadline e) {
            throw new StoreUnavailableException(service, storeName + " (Redis) did not answer within the "
                    + e.left.toMillis() + " ms left of the call's deadline, so " + what, e);
        } catch (Closed e) {
            throw new StoreUnavailableException(service, storeName + " (Redis) was closed while waiting for Redis, so "
                    + what, e);
        } catch (Interrupted e) {
            // the caller gave up (its client closed): Redis was not shown to be unwell
            throw unavailable(what, "interrupted while waiting for Redis", e);
        } catch (RuntimeException e) {
            coolDown();
            throw unavailable(what, e.getClass().getSimpleName(), e);
        }
    }

    private void coolDown() {
        coolUntil = System.nanoTime() + coolDownNanos;
        cooling = true;
    }

    /**
     * The answer, waited for until {@code endNanos} ({@link System#nanoTime()}): the end of the
     * command timeout, or of the caller's time left, {@code callersBound}, when that is shorter
     * (otherwise null), or until {@link #close()}. A command past the command timeout is cancelled;
     * one the caller's time ran out on is left to run when Redis gets to it (a report takes effect).
     *
     * <p>When the answer does not come (anything but an answer or Redis's error answer: the store's
     * timeout, the caller's deadline, an interrupt, the close, the application's Lettuce client timing
     * the command out first, a connection lost after the write), the command may still run, and
     * {@code undo} (if any) is sent after it on {@code keys}, by {@link #close()} or here; an undo
     * of a command that did not run changes nothing, as it acts on its own token only.
     *
     * <p>The wait is registered before {@code command} hands the command to Lettuce: a close before
     * that sends nothing; a close after it finds the wait and sends its undo after the command; a
     * close that begins while the command is being handed over waits for the hand-over, at whose end
     * this thread sends the undo after the command (its answer come or not) and ends as closed.
     */
    private <T> T await(Supplier<RedisFuture<T>> command, long endNanos, Duration callersBound, Undo undo,
            byte[][] keys) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Runnable undoing = undo == null ? () -> { } : () -> dispatch(undo.script(), keys, undo.args());
        synchronized (lock) {
            if (closed) {
                throw new Closed(); // closed since this call's check: nothing was sent
            }
            waiting.put(answer, undoing);
            sending++;
        }
        RedisFuture<T> future = null;
        boolean endedByClose = false;
        try {
            future = command.get();
            future.whenComplete((value, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(value);
                }
            });
        } finally {
            synchronized (lock) {
                if (future == null) {
                    waiting.remove(answer); // Lettuce refused it: nothing to wait for
                } else {
                    // a wait the close ends leaves its command to run when Redis gets to it: a follow-up then,
                    // which the close of an owned connection waits for (Lettuce may keep it for a reconnect)
                    CompletableFuture<T> sent = future.toCompletableFuture();
                    Runnable ended = () -> {
                        followUp(sent);
                        undoing.run();
                    };
                    if (closed) {
                        // the close began during the hand-over and waits for it: this call ends as closed, its
                        // undo sent after its command (even when its answer came meanwhile), before the close goes on
                        waiting.remove(answer);
                        ended.run();
                        endedByClose = true;
                    } else {
                        waiting.put(answer, ended);
                    }
                }
                if (--sending == 0) {
                    lock.notifyAll(); // a close waiting for the hand-overs
                }
            }
        }
        if (endedByClose) {
            throw new Closed();
        }
        boolean answered = false;
        try {
            T result = answer.get(Math.max(1, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            answered = true;
            return result;
        } catch (TimeoutException e) {
            if (callersBound != null) {
                followUp(future.toCompletableFuture()); // left to run when Redis gets to it
                throw new CallerDeadline(callersBound, e);
            }
            future.cancel(false);
            throw new RedisTimeout("no answer within " + Duration.ofNanos(timeoutNanos), e);
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new Interrupted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            answered = cause instanceof RedisCommandExecutionException;
            throw cause instanceof RuntimeException runtime ? runtime : new RedisTimeout("Redis failed", cause);
        } finally {
            synchronized (lock) {
                // absent when close() ended the wait (and sent the undo)
                if (waiting.remove(answer) != null && !answered) {
                    undoing.run();
                }
            }
        }
    }

    private StoreUnavailableException unavailable(String what, String why, Throwable cause) {
        return new StoreUnavailableException(service, storeName + " (Redis) " + failed(cause) + ", so " + what
                + " (" + why + ")", cause);
    }

    /**
     * What went wrong with Redis, as a message says it: "refused the credentials given" when Redis
     * answered an authentication error ({@code WRONGPASS}, {@code NOAUTH}, an older Redis's {@code ERR
     * invalid password}) anywhere in {@code failure}'s causes, else "could not be reached". Redis's
     * own text is not quoted (it holds no password, but a user name may be one).
     */
    static String failed(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String message = e instanceof RedisCommandExecutionException ? e.getMessage() : null;
            if (message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
                    || message.startsWith("ERR invalid password") || message.startsWith("ERR AUTH"))) {
                return "refused the credentials given";
            }
        }
        return "could not be reached";
    }

    /**
     * Whether {@code failure} says Lettuce's connection was closed during its handshake ("Connection
     * closed prematurely", a write to a closed channel, or its handshake handler gone once the
     * connection was): Lettuce closes the connection itself when Redis refuses the handshake (a wrong
     * password) and, when that close races its report (about 1 connection in 40 on a busy 2-core
     * machine), reports the close instead of the refusal; a connection the other side ended reads the
     * same. A connection refused or timed out does not.
     */
    static boolean closedInHandshake(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ClosedChannelException
                    || (e instanceof RedisConnectionException && "Connection closed prematurely".equals(e.getMessage()))
                    || (e instanceof IllegalStateException && "RedisHandshakeHandler not registered".equals(e.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes for good: the calls waiting for Redis fail at once with a
     * {@link StoreUnavailableException} naming the close, and the undo of each is sent, to run after
     * what it undoes; later calls fail at once and send nothing. The connection is closed when it is
     * owned, after those undos were sent on it. A command being handed to Lettuce as the close runs
     * is waited for first (at most the command timeout: a hand-over does not wait for Redis), so that
     * its undo follows it, sent before this returns. An owned connection is closed once the
     * follow-ups it carries (those undos, the commands whose waits it ended, reports sent without
     * waiting) are answered, or after the command timeout, without waiting here: closed at once, a
     * connection that is down (Lettuce reconnecting) would drop them, and what they undo or report
     * would stand for its lease.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            long handedOverBy = System.nanoTime() + timeoutNanos;
            boolean interrupted = false;
            while (sending > 0 && handedOverBy - System.nanoTime() > 0) {
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(handedOverBy - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true; // the close goes on: it is final
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            // the waits the close ends, and those whose answer failed without Redis answering (Lettuce
            // timed the command out, say) while their thread has yet to send the undo, which it would
            // send after the connection closed: an answer that came first is its caller's (no undo)
            waiting.entrySet().removeIf(wait -> {
                boolean ended = wait.getKey().completeExceptionally(new Closed()) || unanswered(wait.getKey());
                if (ended) {
                    wait.getValue().run();
                }
                return ended;
            });
            if (owned) {
                closeWhenFollowedUp();
            }
        }
    }

    /**
     * Closes the owned connection once its follow-ups are answered, or after the command timeout. The
     * timeout runs on the Lettuce client's own executor, not with {@code CompletableFuture.orTimeout}:
     * that starts the JDK's one delay-scheduler thread, never ended, from the closing thread, whose
     * context class loader (an application's being undeployed) and inheritable thread-locals it would
     * keep for the life of the JVM.
     */
    private void closeWhenFollowedUp() {
        CompletableFuture<Void> answered = CompletableFuture.allOf(followUps.toArray(CompletableFuture[]::new));
        if (!answered.isDone()) {
            try {
                ScheduledExecutorService executor = connection.getResources().eventExecutorGroup();
                ScheduledFuture<?> bound = executor.schedule(() -> answered.complete(null), timeoutNanos,
                        TimeUnit.NANOSECONDS);
                answered.whenComplete((done, failure) -> bound.cancel(false));
            } catch (RuntimeException shutDown) {
                answered.complete(null); // the client's executor is shut down already: close at once
            } catch (Error e) {
                // the client's executor could not start its thread (OutOfMemoryError: unable to create
                // native thread): close at once too, rather than never, and say so
                LOG.log(System.Logger.Level.WARNING, storeName + ": the Lettuce client's executor failed to bound"
                        + " the wait for the follow-ups at close; closing the connection at once", e);
                answered.complete(null);
            }
        }
        answered.whenComplete((done, failure) -> connection.closeAsync());
    }

    /** Whether {@code answer} failed without an answer of Redis's (its command may still run). */
    private static boolean unanswered(CompletableFuture<?> answer) {
        return answer.isCompletedExceptionally()
                && !(answer.handle((value, failure) -> failure).join() instanceof RedisCommandExecutionException);
    }

    /**
     * A script that undoes what one Redis did not answer may still do when Redis gets to it, sent
     * after it on the same keys.
     */
    public record Undo(Script script, byte[]... args) {
    }

    /** A wait for Redis that {@link #close()} ended. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("closed while waiting for Redis");
        }
    }

    /** A command that did not answer in time, or was interrupted. */
    static class RedisTimeout extends RuntimeException {
        RedisTimeout(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A command whose caller's thread was interrupted while it waited for the answer; it may still run. */
    static final class Interrupted extends RedisTimeout {
        Interrupted(InterruptedException cause) {
            super("interrupted while waiting for Redis", cause);
        }
    }

    /** A command that did not answer within what was left of the caller's deadline. */
    static final class CallerDeadline extends RedisTimeout {
        final Duration left;

        CallerDeadline(Duration left, Throwable cause) {
            super("no answer within the " + left.toMillis() + " ms left of the call's deadline", cause);
            this.left = left;
        }
    }
}
