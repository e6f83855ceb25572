package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.Service;
import dev.verifykit.error.TransportException;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.RetryEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CallTraceTest {
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final VerifyKitListener listener = new VerifyKitListener() {
        @Override
        public void onAttemptStart(CallStart call, int attempt) {
            told.add("attemptStart " + attempt);
        }

        @Override
        public void onAttempt(CallStart call, AttemptEnd attempt) {
            told.add("attempt " + attempt.number() + " status " + attempt.status() + " " + attempt.failure().orElse("answered"));
        }

        @Override
        public void onRetry(CallStart call, RetryEvent retry) {
            told.add("retry");
        }

        @Override
        public void onCreateBucketWait(CallStart call, BucketWait wait) {
            told.add("bucket");
        }

        @Override
        public void onCallEnd(CallStart call, CallEnd end) {
            told.add("end" + (end.cancelled() ? " cancelled" : end.failure().map(f -> " " + f.getClass().getSimpleName()).orElse("")));
        }
    };

    private CallTrace begin() {
        return CallTrace.begin(listener, VirtualScheduler.manual(Instant.EPOCH), Service.DOCK, "GET /v2/sessions/{id}", 0,
                "GET", okhttp3.HttpUrl.get("https://dock.example/"));
    }

    /**
     * close() cancels an async call and tells its end; OkHttp then reports the cancelled attempt's
     * failure on its own thread, which was told after the end (and after close returned). The attempt
     * still open is told ended by the call's end, just before it, and nothing after the end.
     */
    @Test
    void nothingButTheEndIsToldOnceTheCallEnded() {
        CallTrace trace = begin();
        TransportException cancelled = new TransportException(Service.DOCK, "dock: GET /v2/sessions/{id} was cancelled", null, null);
        trace.attemptStarted();

        trace.ended(cancelled);
        trace.attemptEnded(null, null, cancelled);
        trace.retrying(cancelled);
        trace.bucketWait(2, Duration.ofSeconds(1));
        trace.ended((Throwable) null);
        trace.attemptStarted();

        assertThat(told).containsExactly("attemptStart 1", "attempt 1 status OptionalInt.empty TransportException",
                "end TransportException");
    }

    /**
     * An asynchronous call cut in flight (its future cancelled: by its wait's caller, by close(), by
     * cancelWaits()) was told its attempt started and the call ended, never the attempt's end: OkHttp's
     * report of the cut attempt came after the call's end and was dropped. Its end is told now by the
     * call's end, as the transport tells a blocking attempt its caller cut: no status, a
     * TransportException; the attempt's own late end adds none.
     */
    @Test
    void anAttemptOpenWhenItsCallIsCancelledIsToldEndedOnceBeforeTheCall() {
        CallTrace trace = begin();
        trace.attemptStarted();

        trace.ended(new java.util.concurrent.CancellationException());
        trace.attemptEnded(null, null, new TransportException(Service.DOCK, "dock: GET /v2/sessions/{id} was cancelled",
                null, null));

        assertThat(told).containsExactly("attemptStart 1", "attempt 1 status OptionalInt.empty TransportException",
                "end cancelled");
    }

    /** An attempt that ended by itself is not told again by the call's end. */
    @Test
    void anAttemptThatEndedIsNotToldAgainByTheCallsEnd() {
        CallTrace trace = begin();
        trace.attemptStarted();
        trace.attemptEnded(200, "req_1", null);

        trace.ended((Throwable) null);

        assertThat(told).containsExactly("attemptStart 1", "attempt 1 status OptionalInt[200] answered", "end");
    }
}
