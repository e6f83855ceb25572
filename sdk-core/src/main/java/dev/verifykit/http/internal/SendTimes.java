package dev.verifykit.http.internal;

import dev.verifykit.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * When each request leaves: a network interceptor runs as OkHttp is about to write the request,
 * after it waited for a slot of its dispatcher, its host-name lookup and its connection, and in the
 * client's scheduler's time
 * <ul>
 *   <li>notes when it left: the service cannot have had the request before then, and can have held
 *       it only since then (a long-poll's answer is read as held for its whole wait only when it
 *       came that long after this time, not after the read's turn began);</li>
 *   <li>refuses to write it past its {@link ApiRequest#sendBy()}: the attempt fails with
 *       {@link NotSentException}, nothing of the request written;</li>
 *   <li>fits a long-poll's hold to the time then left ({@link ApiRequest.Hold#at}): a read that
 *       waited to leave is held that much less (not at all under a second), so that its answer still
 *       comes within the call's time; the hold sent is noted for the reading of its answer.</li>
 * </ul>
 * These times and the hold are the call's {@link CallMarks.Mark}. Runs as the last network
 * interceptor, right before the request is written, and sees its answer first ({@link Framing}).
 */
final class SendTimes {
    private SendTimes() {}

    /** A request that could not leave by the time it had to, so was not written. */
    static final class NotSentException extends IOException {
        private static final long serialVersionUID = 1L;

        NotSentException() {
            super("not sent: its time to leave (its turn among the session's reads, or its create token's lease,"
                    + " less a minute) ended before it could leave (it waited that long for a free slot of"
                    + " maxConcurrentWaits, a host-name lookup, a connection or an interceptor); nothing was sent");
        }
    }

    /** Adds the interceptor that marks (and holds back) each call carrying a mark of {@code marks}, in {@code scheduler}'s time. */
    static void apply(OkHttpClient.Builder builder, Scheduler scheduler, CallMarks marks) {
        builder.addNetworkInterceptor(chain -> {
            CallMarks.Mark mark = marks.of(chain.call());
            Request request = chain.request();
            if (mark != null) {
                long now = scheduler.nanoTime();
                if (mark.sendBy != Long.MAX_VALUE && now - mark.sendBy > 0) {
                    throw new NotSentException();
                }
                Duration held = mark.hold.at(now);
                if (held.compareTo(mark.hold.longest()) < 0) {
                    HttpUrl.Builder url = request.url().newBuilder().removeAllQueryParameters(mark.hold.parameter());
                    if (!held.isZero()) {
                        url.addQueryParameter(mark.hold.parameter(), Long.toString(held.toSeconds()));
                    }
                    request = request.newBuilder().url(url.build()).build();
                }
                mark.sent(now, held);
            }
            return Framing.proceed(chain, request);
        });
    }
}
