package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Edges of {@link AttemptDeadlines} no test held (found by mutation testing): close() cancels every
 * attempt though a cancel throws, and then throws the first throwable (its Javadoc); a blocking
 * attempt cut at its limit, or left alone, is not marked interrupted (the transport reads the mark to
 * tell an interrupt from a timeout).
 */
class AttemptDeadlinesCloseAndMarksTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final OkHttpClient THROWING = new OkHttpClient.Builder().eventListener(new EventListener() {
        @Override
        public void canceled(Call call) {
            throw new IllegalStateException("canceled " + call.request().url().encodedPath());
        }
    }).build();
    private static final OkHttpClient PLAIN = new OkHttpClient();

    private final VirtualScheduler time = VirtualScheduler.manual(Instant.parse("2026-12-01T00:00:00Z"));
    private final AttemptDeadlines deadlines = new AttemptDeadlines(time);

    @AfterAll
    static void shutDown() {
        THROWING.dispatcher().executorService().shutdown();
        PLAIN.dispatcher().executorService().shutdown();
    }

    private static Call call(OkHttpClient client, String path) {
        return client.newCall(new Request.Builder().url("http://127.0.0.1:9" + path).build());
    }

    @Test
    void closeCancelsEveryAttemptThoughCancelsThrowAndThrowsTheFirst() {
        Call first = call(THROWING, "/first");
        Call second = call(THROWING, "/second");
        deadlines.watch(first, SECOND);
        deadlines.watch(second, 2 * SECOND);

        Throwable thrown = catchThrowable(deadlines::close);

        assertThat(first.isCanceled()).isTrue();
        assertThat(second.isCanceled()).isTrue();
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("canceled /first");
        assertThat(thrown.getSuppressed()).extracting(Throwable::getMessage).containsExactly("canceled /second");
    }

    @Test
    void aBlockingAttemptCutAtItsLimitOrLeftAloneIsNotMarkedInterrupted() {
        Call cut = call(PLAIN, "/cut");
        AttemptDeadlines.Watch cutWatch = deadlines.watchBlocking(cut, SECOND);
        Call alone = call(PLAIN, "/alone");
        AttemptDeadlines.Watch aloneWatch = deadlines.watchBlocking(alone, 60 * SECOND);

        time.advance(Duration.ofSeconds(1));

        assertThat(cut.isCanceled()).isTrue();
        assertThat(cutWatch.expired()).isTrue();
        assertThat(cutWatch.interrupted()).as("cut at its limit, not for an interrupt").isFalse();
        assertThat(alone.isCanceled()).isFalse();
        assertThat(aloneWatch.interrupted()).isFalse();
        aloneWatch.close();
    }
}
