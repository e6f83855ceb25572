package dev.verifykit.examples;

import com.sun.net.httpserver.HttpExchange;
import dev.verifykit.time.Cancellable;
import dev.verifykit.time.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The time one request of the JDK's {@code HttpServer} may take to arrive, counted from when its
 * connection had something to read (the server reads the request line and headers on the thread
 * that then runs the handler, and reads nothing with a deadline). When it passes before the body is
 * all read, the thread is interrupted, which closes the connection under a read blocked on it (the
 * server's channel is interruptible); a request whose headers had arrived is first answered 408
 * (or as {@link #answerLateWith} says).
 */
final class ExchangeDeadline {
    private enum Phase { HEADERS, BODY, HANDLING, EXPIRED, ENDED }

    private static final ThreadLocal<ExchangeDeadline> CURRENT = new ThreadLocal<>();

    private final Thread reader = Thread.currentThread();
    private final Duration timeout;
    private final Cancellable timer;
    private Phase phase = Phase.HEADERS;
    private HttpExchange exchange;
    private int lateStatus = 408;
    private String lateCode = "REQUEST_TIMEOUT";
    /** Decides the late answer when the deadline passes (null from it: 408), or null. */
    private Supplier<LateAnswer> decideLate;

    /** What the deadline answers instead of 408. */
    record LateAnswer(int status, String code) {}

    private ExchangeDeadline(Duration timeout, Scheduler scheduler) {
        this.timeout = timeout;
        this.timer = scheduler.schedule(timeout, this::expire);
    }

    /** Runs one exchange of the server under a deadline; the thread's interrupt is cleared after it. */
    static void run(Runnable exchangeTask, Duration timeout, Scheduler scheduler) {
        ExchangeDeadline deadline = new ExchangeDeadline(timeout, scheduler);
        CURRENT.set(deadline);
        try {
            exchangeTask.run();
        } finally {
            CURRENT.remove();
            deadline.end();
        }
    }

    /** The deadline of the exchange this thread runs. */
    static ExchangeDeadline current() {
        ExchangeDeadline deadline = CURRENT.get();
        if (deadline == null) {
            throw new IllegalStateException("not on a receiver thread");
        }
        return deadline;
    }

    /**
     * The handler starts reading the body: from now, the deadline answers 408.
     *
     * @return false when it has passed already (the connection is closed)
     */
    synchronized boolean readingBody(HttpExchange current) {
        if (phase != Phase.HEADERS) {
            return false;
        }
        exchange = current;
        phase = Phase.BODY;
        return true;
    }

    /**
     * The body is read (or as much of it as will be): the deadline no longer applies.
     *
     * @return false when it passed first, and the request was answered 408
     */
    synchronized boolean bodyRead() {
        if (phase != Phase.BODY) {
            return false;
        }
        phase = Phase.HANDLING;
        timer.cancel();
        return true;
    }

    /**
     * What the deadline answers when it passes while the body is read, instead of 408: for a body
     * already refused (over the limit) whose rest is read before the refusal is answered. Too late
     * once the deadline has passed (it answered 408).
     */
    synchronized void answerLateWith(int status, String code) {
        if (phase == Phase.BODY) {
            lateStatus = status;
            lateCode = code;
            decideLate = null;
        }
    }

    /**
     * The same, decided only if the deadline passes while the body is read: for a body declared over
     * the limit, refused so when its bytes stop short of it ({@code decided} answers null for 408).
     */
    synchronized void answerLateAs(Supplier<LateAnswer> decided) {
        if (phase == Phase.BODY) {
            decideLate = decided;
        }
    }

    /** The status the deadline answers (or answered) with. */
    synchronized int lateStatus() {
        return lateStatus;
    }

    Duration timeout() {
        return timeout;
    }

    private void expire() {
        synchronized (this) {
            if (phase == Phase.BODY) {
                answerLate();
            } else if (phase != Phase.HEADERS) {
                return;
            }
            phase = Phase.EXPIRED;
            reader.interrupt();
        }
    }

    /** Written beside the reader blocked on the same connection, which is closed right after. */
    private void answerLate() {
        if (decideLate != null) {
            try {
                LateAnswer decided = decideLate.get();
                if (decided != null) {
                    lateStatus = decided.status();
                    lateCode = decided.code();
                }
            } catch (RuntimeException e) {
                // 408 as before
            }
        }
        byte[] text = (lateCode + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(lateStatus, text.length);
            OutputStream out = exchange.getResponseBody();
            out.write(text);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the client is gone: closing the connection is all that is left
        }
    }

    private void end() {
        synchronized (this) {
            phase = Phase.ENDED;
            timer.cancel();
        }
        Thread.interrupted(); // the deadline's, or the handler's own (to close a connection not read to its end)
    }
}
