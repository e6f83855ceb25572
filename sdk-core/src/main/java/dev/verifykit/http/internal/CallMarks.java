package dev.verifykit.http.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * What each call of one transport carries to the transport's interceptors, kept by call: the time
 * by which it must leave and when it left ({@link SendTimes}), and its own read timeout
 * ({@link WaitClients}). Not OkHttp's request tags: OkHttp 5 keys those by Kotlin {@code KClass},
 * and the first one in a JVM loads Kotlin's class references ({@code Function0} … {@code Function22},
 * the {@code KProperty} types: 58 classes, 30 ms of a first read under the class-loading log,
 * 0–35 ms without it; bench/analysis.md).
 *
 * <p>A mark is kept from {@link #newCall} until {@link #ended}, which the caller tells once OkHttp
 * has told the call's end (its {@code execute} returned or threw, or its callback ran) or once it
 * dropped the call unsent; nothing else holds it, so the map holds only calls in flight.
 * Thread-safe.
 */
final class CallMarks {
    /** When a call was not written (or was sent by a client without {@link SendTimes}' interceptor). */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final ConcurrentHashMap<Call, Mark> marks = new ConcurrentHashMap<>();

    /** One call's mark. */
    static final class Mark {
        /** The scheduler's nanoTime by which the call must be written, {@link Long#MAX_VALUE} for no limit. */
        final long sendBy;
        /**
         * The call's own read timeout, in place of its client's; {@code null} for the client's. A held
         * call's is its longest hold longer, even when the hold is shortened as the call leaves
         * ({@link #held}; OkHttp takes no new timeout in a network interceptor): a hold is shortened
         * only to end by its bound, which the call's own deadline ends at most a second later, and
         * that deadline cuts a silent server then.
         */
        final Duration readTimeout;
        /** The hold the call asks for, fitted to the time left as it is written ({@link SendTimes}). */
        final ApiRequest.Hold hold;
        private volatile long sentNanos = UNKNOWN;
        private volatile Duration held;
        /** Whether the call was written (OkHttp writes a call from one thread at a time). */
        private volatile boolean written;

        Mark(long sendBy, Duration readTimeout, ApiRequest.Hold hold) {
            this.sendBy = sendBy;
            this.readTimeout = readTimeout;
            this.hold = hold;
            this.held = hold.longest();
        }

        /**
         * Whether the call was written: OkHttp's own repeats are off, so a second write is an
         * interceptor of the application's client calling {@code proceed} again.
         */
        boolean written() {
            return written;
        }

        /**
         * Marks the call written, or not ({@code false}: its write never reached the service, a plain
         * HTTP proxy refusing it with 407, so it may be written again).
         */
        void written(boolean value) {
            written = value;
        }

        /** When the call was written, or {@link #UNKNOWN}. */
        long sentNanos() {
            return sentNanos;
        }

        /** The hold the call asked for when it was written, or else its longest. */
        Duration held() {
            return held;
        }

        void sent(long nanos, Duration hold) {
            held = hold;
            sentNanos = nanos;
        }
    }

    /** A new call of {@code request} on {@code client}, carrying {@code mark} until {@link #ended}. */
    Call newCall(OkHttpClient client, Request request, Mark mark) {
        Call call = client.newCall(request);
        marks.put(call, mark);
        return call;
    }

    /** The mark {@code call} carries, or {@code null} (a call made elsewhere, or already ended). */
    Mark of(Call call) {
        return marks.get(call);
    }

    /** Forgets {@code call}'s mark: OkHttp told its end, or it was dropped unsent. */
    void ended(Call call) {
        marks.remove(call);
    }

    /** How many calls carry a mark now: the calls in flight. */
    int size() {
        return marks.size();
    }
}
