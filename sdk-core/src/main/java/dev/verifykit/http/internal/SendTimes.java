package dev.verifykit.http.internal;

import dev.verifykit.time.Scheduler;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * When each request left: a network interceptor notes the client's scheduler time as OkHttp is
 * about to write the request, after it waited for a slot of its dispatcher, its host-name lookup
 * and its connection. The service cannot have had the request before then, and can have held it
 * only since then: a long-poll's answer is read as held for its whole wait only when it came that
 * long after this time, not after the read's turn began.
 */
final class SendTimes {
    /** Not sent (or sent by a client without the interceptor). */
    static final long UNKNOWN = Long.MIN_VALUE;

    private SendTimes() {}

    /** The mark of one request, set when it is written (the last time, should OkHttp write it twice). */
    static final class Mark {
        private volatile long sentNanos = UNKNOWN;

        long sentNanos() {
            return sentNanos;
        }
    }

    /** Adds the interceptor that marks each request carrying a {@link Mark} with {@code scheduler}'s time. */
    static void apply(OkHttpClient.Builder builder, Scheduler scheduler) {
        builder.addNetworkInterceptor(chain -> {
            Mark mark = chain.request().tag(Mark.class);
            if (mark != null) {
                mark.sentNanos = scheduler.nanoTime();
            }
            return chain.proceed(chain.request());
        });
    }

    /** {@code builder} with a fresh mark. */
    static Request.Builder marked(Request.Builder builder) {
        return builder.tag(Mark.class, new Mark());
    }

    /** When {@code request} was written, in the scheduler's nanoseconds, or {@link #UNKNOWN}. */
    static long sentNanos(Request request) {
        Mark mark = request.tag(Mark.class);
        return mark == null ? UNKNOWN : mark.sentNanos();
    }
}
