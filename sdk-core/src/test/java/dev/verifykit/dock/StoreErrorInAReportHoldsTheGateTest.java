package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.RequestOptions;
import dev.verifykit.testing.Background;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Review of ac9dde3: {@code RequestGate.tryAcquire} now frees the gate when the store's
 * {@code startRead} throws an {@link Error} ("a store's Error left the session's gate held"), but
 * {@code RequestGate.Permit.arrived} has the same shape: it marks the permit ended, calls
 * {@code state.arrived} (the store's {@code readArrived}; {@code StoreReadState.arrived} catches
 * {@code RuntimeException} only), and frees the gate ({@code current = null}) after it. A store's
 * Error in {@code readArrived} skips that: the gate stays held by an ended permit for good, and every
 * later read or wait of that session in this process waits for its turn until its timeout, sending
 * nothing, though the store itself answers again.
 */
class StoreErrorInAReportHoldsTheGateTest {
    private static final String ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    private static final String PENDING = """
            {"status":200,"data":{"id":"vsn_A1b2C3d4E5f6G7h8J9k0L1","pid":"PID-ABC12345","clientId":"user_123",
            "guildId":"987654321098765432","status":"pending","statusReason":null,"expiresAt":"2036-05-07T00:05:00.000Z",
            "verifyUrl":"https://api.docksys.xyz/v2/verifications/discord?pid=PID-ABC12345&sid=vsn_A1b2C3d4E5f6G7h8J9k0L1",
            "reusedExisting":false},"meta":{"requestId":"req_abc123","version":"2.0.0"},"timestamp":"2026-05-07T00:00:00.000Z"}""";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private DockClient client(VirtualScheduler time, AtomicBoolean failedOnce) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(PENDING).build();
            }
        });
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(time)) {
            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                if (failedOnce.compareAndSet(false, true)) {
                    throw new NoClassDefFoundError("io/netty/util/Timeout"); // once; the store answers again after
                }
                super.readArrived(account, sessionId, readId, ago);
            }
        };
        return DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .scheduler(time).guardrailStore(store).build();
    }

    private static CompletableFuture<Throwable> retrieve(DockClient dock, RequestOptions options) {
        return Background.supply(() -> {
            try {
                dock.sessions().retrieve(ID, options);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    private static Throwable outcome(CompletableFuture<Throwable> call) throws Exception {
        try {
            return call.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return e;
        }
    }

    /**
     * The Error escapes {@code Turn.headArrived} in the {@code whenComplete} handler of
     * {@code Poller.Run.step} ({@code arrived.run()} before {@code onResult}): CompletableFuture
     * swallows it, {@code onResult} never runs, and the wait's future stays pending for good; a
     * blocking retrieve (whose inline loop then has no next step) never returns, whatever its timeout.
     * ac9dde3 wrapped {@code fire} only.
     */
    @Test
    void aBlockingRetrieveWhoseStoreReportFailsWithAnErrorEnds() throws Exception {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
        AtomicBoolean failedOnce = new AtomicBoolean();
        DockClient dock = client(time, failedOnce);
        try {
            Throwable first = outcome(retrieve(dock, RequestOptions.builder().timeout(Duration.ofMinutes(5)).build()));
            assertThat(failedOnce).as("the store's report failed").isTrue();
            assertThat(first).as("how a blocking retrieve (5-min timeout) ended, within 30 s, once the store's readArrived"
                    + " threw an Error: with that Error, as a blocking call throws one").isInstanceOf(NoClassDefFoundError.class);
        } finally {
            dock.close();
        }
    }

    /** And the session's gate stays held by the ended permit: a later read waits for it until its timeout. */
    @Test
    void aStoresErrorInReadArrivedDoesNotHoldTheSessionsGateForGood() throws Exception {
        VirtualScheduler time = VirtualScheduler.autoAdvancing(Instant.parse("2026-05-07T00:00:00Z"));
        AtomicBoolean failedOnce = new AtomicBoolean();
        DockClient dock = client(time, failedOnce);
        try {
            retrieve(dock, RequestOptions.none()); // however it ends (it does not, see above)
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!failedOnce.get() && System.nanoTime() - giveUp < 0) {
                Thread.sleep(5); // polling for the first read's report; no step depends on how long this is
            }
            assertThat(failedOnce).as("the store's report failed").isTrue();

            Throwable second = outcome(retrieve(dock, RequestOptions.builder().timeout(Duration.ofMinutes(5)).build()));
            assertThat(second).as("a later read of the session (5 min of the client's time), the store answering again")
                    .isNull();
        } finally {
            dock.close();
        }
    }
}
