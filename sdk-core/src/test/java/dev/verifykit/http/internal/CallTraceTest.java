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
    @Test
    void nothingButTheEndIsToldOnceTheCallEnded() {
        // close() cancels an async call and tells its end; OkHttp then reports the cancelled
        // attempt's failure on its own thread, which was told after the end (and after close returned)
        List<String> told = new CopyOnWriteArrayList<>();
        VerifyKitListener listener = new VerifyKitListener() {
            @Override
            public void onAttempt(CallStart call, AttemptEnd attempt) {
                told.add("attempt");
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
                told.add("end");
            }
        };
        CallTrace trace = CallTrace.begin(listener, VirtualScheduler.manual(Instant.EPOCH), Service.DOCK, "GET /v2/sessions/{id}", 0,
                "GET", okhttp3.HttpUrl.get("https://dock.example/"));
        TransportException cancelled = new TransportException(Service.DOCK, "dock: GET /v2/sessions/{id} was cancelled", null, null);
        trace.attemptStarted();

        trace.ended(cancelled);
        trace.attemptEnded(null, null, cancelled);
        trace.retrying(cancelled);
        trace.bucketWait(2, Duration.ofSeconds(1));
        trace.ended((Throwable) null);

        assertThat(told).containsExactly("end");
    }
}
