package dev.verifykit.testing;

import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Canned answers for a {@code MockWebServer}, given in turn, each dated (its {@code Date} header)
 * by a server clock {@code skew} away from the client's scheduler: a server whose clock is not the
 * client's, as real ones can be. A request past the last answer gets a 599.
 */
public final class SkewedClockDispatcher extends Dispatcher {
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Scheduler clientClock;
    private final Duration skew;
    private final BlockingQueue<MockResponse> answers = new LinkedBlockingQueue<>();

    /** @param skew how far the server's clock is ahead of {@code clientClock} (negative: behind) */
    public SkewedClockDispatcher(Scheduler clientClock, Duration skew) {
        this.clientClock = clientClock;
        this.skew = skew;
    }

    /** Adds {@code response} to the answers, {@code times} times. */
    public SkewedClockDispatcher answer(MockResponse response, int times) {
        for (int i = 0; i < times; i++) {
            answers.add(response);
        }
        return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse next = answers.poll();
        if (next == null) {
            return new MockResponse.Builder().code(599).body("no canned answer left").build();
        }
        return next.newBuilder().setHeader("Date", HTTP_DATE.format(clientClock.now().plus(skew))).build();
    }
}
