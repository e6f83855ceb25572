package dev.verifykit.http.internal;

import dev.verifykit.time.Scheduler;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import okhttp3.Connection;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

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
 *   <li>refuses to write it a second time ({@link SentOnceException}): OkHttp's own repeats are off,
 *       but an interceptor of the application's client may call {@code proceed} again (its own retry
 *       of a failed connection), and the service would get the attempt twice: a second read of a
 *       Dock session within its interval (a 429, and one more of its poll cap than the client
 *       counted), a write sent again that may have arrived (but after a plain HTTP proxy's 407, which
 *       the service never saw: OkHttp sends it again with the proxy's credentials);</li>
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

    /** An attempt's request that was written once already, so not again. */
    static final class SentOnceException extends IOException {
        private static final long serialVersionUID = 1L;

        SentOnceException() {
            super("not sent again: the attempt's request was written once already, and an interceptor of the"
                    + " application's OkHttp client repeated it; each attempt is one request on the wire, and only the"
                    + " client's retry policy sends one again (through the service's guardrails)");
        }
    }

    /** Whether {@code chain}'s connection goes through an HTTP proxy. */
    private static boolean throughHttpProxy(Interceptor.Chain chain) {
        Connection connection = chain.connection();
        return connection != null && connection.route().proxy().type() == Proxy.Type.HTTP;
    }

    /** Adds the interceptor that marks (and holds back) each call carrying a mark of {@code marks}, in {@code scheduler}'s time. */
    static void apply(OkHttpClient.Builder builder, Scheduler scheduler, CallMarks marks) {
        builder.addNetworkInterceptor(chain -> {
            CallMarks.Mark mark = marks.of(chain.call());
            Request request = chain.request();
            if (mark != null) {
                if (mark.written()) { // checked first: a second write is no request never sent
                    throw new SentOnceException();
                }
                long now = scheduler.nanoTime();
                if (mark.sendBy != Long.MAX_VALUE && now - mark.sendBy > 0) {
                    throw new NotSentException();
                }
                mark.written(true);
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
            Response response = Framing.proceed(chain, request);
            if (mark != null && response.code() == 407 && !request.isHttps() && throughHttpProxy(chain)) {
                mark.written(false); // a plain HTTP proxy's 407: the service never had it, and the proxy's credentials follow
            }
            return response;
        });
    }
}
