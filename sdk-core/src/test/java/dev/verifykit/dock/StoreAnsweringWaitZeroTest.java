package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * A guardrail store of the integrator's that keeps time in whole milliseconds (a SQL timestamp, a
 * Redis {@code PTTL}) answers a read's remaining spacing of less than a millisecond as
 * {@code ReadStart.waitFor(Duration.ZERO)}: a value {@code ReadStart.waitFor} accepts (it even turns a
 * negative wait into zero), unlike {@code CreateStart.waitFor}, which makes every wait at least 1 ns.
 * The gate passes {@code Wait(0)} on, and {@code Poller.Run.later(0)} calls {@code fire()} at once, on
 * the same stack, asking the store again in the same instant: an asynchronous wait recurses until
 * its thread's stack overflows, and its future fails with a {@code StackOverflowError}, though the
 * store would have let the read start a fraction of a millisecond later (and a blocking wait spun
 * on the store). The gate now takes a wait of zero as a re-check 10 ms later. (Found by an outside
 * review.)
 */
class StoreAnsweringWaitZeroTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String BODY = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "status":"%s","statusReason":null,"expiresAt":"2036-05-07T00:05:00.000Z",%s
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";
    private static final String RESULT = "\"result\":{\"discordId\":\"123456789012345678\",\"robloxId\":\"156319135\","
            + "\"verifiedAt\":\"2026-05-07T00:01:12.000Z\",\"linkChanged\":false,\"previousRobloxId\":null,"
            + "\"linkVersion\":1,\"linkHash\":\"sha256-link-marker\"},";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong zeroWaits = new AtomicLong();

    /** A server answering pending, then completed, each answer taking 0.5 ms; a store counting whole milliseconds. */
    private DockClient client() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                int n = reads.incrementAndGet();
                time.sleep(Duration.ofNanos(500_000)); // the answer takes half a millisecond (of the client's clock)
                String body = n == 1 ? BODY.formatted("pending", "") : BODY.formatted("completed", RESULT);
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
            }
        });
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public ReadStart startRead(String account, String sessionId, ReadRules rules) {
                ReadStart start = super.startRead(account, sessionId, rules);
                if (start.kind() != ReadStart.Kind.WAIT) {
                    return start;
                }
                Duration millis = start.retryAfter().truncatedTo(ChronoUnit.MILLIS); // the store counts whole ms
                if (millis.isZero()) {
                    zeroWaits.incrementAndGet();
                }
                return ReadStart.waitFor(millis);
            }
        };
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).guardrailStore(store).build();
    }

    @Test
    void anAsyncWaitWhoseStoreAnswersWaitZeroAsksAgainLaterNotOnTheSameStack() throws Exception {
        try (DockClient dock = client()) {
            CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(ID);
            Object outcome;
            try {
                outcome = wait.get(60, TimeUnit.SECONDS); // a hang guard only
            } catch (ExecutionException e) {
                outcome = e.getCause();
            }
            assertThat(outcome).as("how the wait ended (the store answered WAIT 0 %s times, reads %s)", zeroWaits.get(),
                    reads.get()).isInstanceOf(DockSession.class);
            assertThat(zeroWaits.get()).as("times the store was asked again in the same instant after answering WAIT 0")
                    .isLessThan(10);
        }
    }

    /**
     * The blocking form: {@code Inline.drive} takes the step submitted with delay 0 at once, without
     * sleeping, so the waiting thread spins asking the store, and the scheduler's clock (virtual here,
     * the real one a busy CPU core there) is never let move: the wait never ends until the client closes.
     */
    @Test
    void aBlockingWaitWhoseStoreAnswersWaitZeroDoesNotSpin() throws Exception {
        DockClient dock = client();
        try {
            CompletableFuture<Object> wait = dev.verifykit.testing.Background.supply(() -> {
                try {
                    return dock.sessions().awaitCompletion(ID);
                } catch (Throwable t) {
                    return t;
                }
            });
            Object outcome;
            try {
                outcome = wait.get(30, TimeUnit.SECONDS); // a hang guard only: the session completes at the second read
            } catch (java.util.concurrent.TimeoutException e) {
                outcome = e;
            }
            assertThat(outcome).as("how the blocking wait ended within 30 s (the store answered WAIT 0 %s times, reads %s)",
                    zeroWaits.get(), reads.get()).isInstanceOf(DockSession.class);
        } finally {
            dock.close();
        }
    }
}
