package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitStart;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An interrupt ends a blocking stream wait as it ends a blocking long-poll wait (README: "Between
 * requests and while connecting it stops at once"). Found by an outside review: the blocking
 * {@code SessionStreams.awaitCompletion} on a thread interrupted already first had the session's
 * read gate admit a stream open (counted against its poll cap, its 2-s turn taken) and started it,
 * and only then saw the interrupt and cancelled it; and its {@code WaitCancelledException} said 0
 * requests however many opens the wait had made.
 */
class InterruptedStreamWaitTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";

    @StartStop
    private final MockWebServer server = new MockWebServer();
    private final StreamWireTest.Script script = new StreamWireTest.Script();
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<String> waits = new CopyOnWriteArrayList<>();
    private final CountDownLatch streamOpened = new CountDownLatch(1);
    /** Released when the test is over: a stream that stays open until then ends (its writer thread too). */
    private final CountDownLatch testOver = new CountDownLatch(1);
    private DockClient dock;

    @BeforeEach
    void setUp() {
        server.setDispatcher(script);
        script.fallback = request -> StreamWireTest.stream(StreamWireTest.event(1, "pending"));
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrails(DockGuardrails.builder().minPollInterval(Duration.ofMillis(100))
                        .keepAlive(Duration.ofMillis(200)).build())
                .listener(new VerifyKitListener() {
                    @Override
                    public void onAttemptStart(CallStart call, int attempt) {
                        attempts.add(call.operation());
                    }

                    @Override
                    public void onWaitStart(WaitStart wait) {
                        waits.add("start " + wait.operation());
                    }

                    @Override
                    public void onWaitEnd(WaitStart wait, WaitEnd end) {
                        waits.add("end " + wait.operation() + " " + end.outcome() + " after " + end.attempts());
                    }

                    @Override
                    public void onStreamOpen(StreamEvent stream) {
                        streamOpened.countDown();
                    }
                })
                .build();
    }

    @AfterEach
    void tearDown() {
        testOver.countDown();
        Thread.interrupted();
        dock.close();
    }

    @Test
    void aBlockingStreamWaitOnAnInterruptedThreadOpensNothingAsALongPollWaitSendsNothing() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> dock.sessions().awaitCompletion(ID)).isInstanceOfSatisfying(WaitCancelledException.class,
                e -> assertThat(e.attempts()).isZero());
        assertThat(Thread.interrupted()).as("the interrupt flag kept").isTrue();
        assertThat(attempts).as("reads started by the interrupted long-poll wait").isEmpty();

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> DockSessionStreams.of(dock, StreamSettings.defaults()).awaitCompletion(ID))
                .isInstanceOfSatisfying(WaitCancelledException.class, e -> assertThat(e.attempts()).isZero());
        assertThat(Thread.interrupted()).as("the interrupt flag kept").isTrue();

        assertThat(attempts).as("reads started by the interrupted stream wait").isEmpty();
        assertThat(script.requests).isEmpty();
        assertThat(waits).as("both waits told alike: started, then cancelled before any request").containsExactly(
                "start dock.awaitCompletion", "end dock.awaitCompletion CANCELLED after 0",
                "start dock.stream", "end dock.stream CANCELLED after 0");
    }

    @Test
    @Timeout(60)
    void anInterruptedBlockingStreamWaitCountsTheOpensItMade() throws Exception {
        // the stream stays open (the session pending) until the test is over
        script.fallback = request -> StreamWireTest.stream(StreamWireTest.timed(sink -> {
            sink.writeUtf8(StreamWireTest.event(1, "pending")).flush();
            testOver.await(60, TimeUnit.SECONDS);
        }));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                DockSessionStreams.of(dock, StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build())
                        .awaitCompletion(ID);
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
            flagKept.complete(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        assertThat(streamOpened.await(30, TimeUnit.SECONDS)).as("the stream opened").isTrue(); // a hang guard

        waiter.interrupt();

        assertThat(thrown.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(WaitCancelledException.class,
                e -> assertThat(e.attempts()).as("the stream opens made").isEqualTo(1));
        assertThat(flagKept.get(30, TimeUnit.SECONDS)).as("the interrupt flag kept").isTrue();
        assertThat(script.requests).hasSize(1);
    }
}
