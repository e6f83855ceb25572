package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.RateLimitException;
import dev.verifykit.error.TransportException;
import dev.verifykit.http.RequestOptions;
import dev.verifykit.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * GuardrailStore: a create holds its token "for at most {@link GuardrailStore.CreateRules#lease()}",
 * the "longest a create may stay in flight before the store counts it as arrived"; holding it from
 * the send until the answer "keeps every span of arrivals within the service's bucket, whatever the
 * network's delays and however many instances share the store". A read is never written past its
 * lease (less a minute): {@code Permit.sendBy}, checked as the request leaves. A create had no such
 * bound: one whose call may last longer than the lease (a per-call timeout above the client's call
 * timeout plus a minute) and that is held before it leaves (a slow host-name lookup or connect, a
 * GC pause; here an application interceptor) was still written after its lease ended. The store
 * counted it as arrived at the lease's end, refilled, and let the instances spend the whole burst;
 * Dock, which takes the token when the create really arrives, then refused one of them (429).
 * Each create attempt now has a send-by as reads do (its lease less a minute, from before the store
 * was asked): one that cannot leave by then fails unsent, its token told uncounted.
 *
 * <p>Dock is modelled on the test's virtual clock: a bucket of 6, one more every 10 s, a token
 * taken as a create arrives.
 */
class CreateSentPastItsLeaseTest {
    private static final int BURST = 6;
    private static final long REFILL_NANOS = Duration.ofSeconds(10).toNanos();

    @StartStop
    private final MockWebServer server = new MockWebServer();

    private final VirtualScheduler time = VirtualScheduler.manual(RetryAfterObeyedTest.T0);
    private final AtomicInteger refused = new AtomicInteger();

    @Test
    void aCreateHeldBeforeItLeavesIsNotWrittenPastItsLeaseWhereItTripsDocksBucket() throws Exception {
        Object dock = new Object();
        long[] bucket = {BURST * REFILL_NANOS, time.nanoTime()}; // credit (ns of refill), updated
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (dock) {
                    long now = time.nanoTime();
                    bucket[0] = Math.min(BURST * REFILL_NANOS, bucket[0] + (now - bucket[1]));
                    bucket[1] = now;
                    if (bucket[0] < REFILL_NANOS) {
                        refused.incrementAndGet();
                        return new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                                .setHeader("Retry-After", "10").body(RetryAfterObeyedTest.REFUSED).build();
                    }
                    bucket[0] -= REFILL_NANOS;
                }
                return new MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                        .body(RetryAfterObeyedTest.PENDING.replace("\"status\":200", "\"status\":201")).build();
            }
        });
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicBoolean holdNext = new AtomicBoolean(true);
        OkHttpClient slowToLeave = new OkHttpClient.Builder().addInterceptor(chain -> {
            if (holdNext.compareAndSet(true, false)) {
                held.countDown(); // a slow lookup or connect, a GC pause: the request has not left yet
                try {
                    leave.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return chain.proceed(chain.request());
        }).build();
        GuardrailStore shared = GuardrailStore.inMemory(time);
        List<Duration> leases = new ArrayList<>();
        AtomicInteger uncounted = new AtomicInteger();
        GuardrailStore watched = new ForwardingGuardrailStore(shared) {
            @Override
            public Duration startCreate(String account, String createId, CreateRules rules) {
                synchronized (leases) {
                    leases.add(rules.lease());
                }
                return inner.startCreate(account, createId, rules);
            }

            @Override
            public void createUncounted(String account, String createId, CreateRules rules) {
                uncounted.incrementAndGet();
                inner.createUncounted(account, createId, rules);
            }
        };
        String base = server.url("/dock").toString();
        try (DockClient one = DockClient.builder().apiKey("dock_test_free").baseUrl(base).scheduler(time)
                        .okHttpClient(slowToLeave).guardrailStore(watched).build();
                DockClient other = DockClient.builder().apiKey("dock_test_free").baseUrl(base).scheduler(time)
                        .guardrailStore(watched).build()) {
            // no retry: its retry (a new token, sent at once) would wait out a backoff on the virtual clock
            RequestOptions patient = RequestOptions.builder().timeout(Duration.ofMinutes(10)).maxRetries(0).build();
            CompletableFuture<DockSession> slow = CompletableFuture.supplyAsync(
                    () -> one.sessions().create(RetryAfterObeyedTest.PARAMS, patient));
            assertThat(held.await(30, TimeUnit.SECONDS)).as("the create holds a token and has not left").isTrue();
            Duration lease;
            synchronized (leases) {
                lease = leases.get(0);
            }
            time.advance(lease.plusSeconds(20)); // its lease ended (counted as arrived then), then the bucket refilled
            leave.countDown();
            // before the fix it was written now, 20 s after its lease ended, and reached Dock
            assertThatThrownBy(() -> slow.get(30, TimeUnit.SECONDS))
                    .as("a create that could not leave by its lease (less a minute) fails unsent")
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("not sent").hasMessageContaining("nothing was sent");
            assertThat(server.getRequestCount()).as("the create held past its lease was not written").isZero();
            assertThat(uncounted).as("the store told its token was not spent at Dock").hasValue(1);

            int sent = 0;
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                try {
                    other.sessions().create(RetryAfterObeyedTest.PARAMS, RequestOptions.builder().maxRetries(0).build());
                    sent++;
                } catch (RateLimitException e) {
                    failures.add(e.getMessage());
                }
            }
            assertThat(refused.get())
                    .as("creates Dock refused (429) after the store let the other instance spend %s tokens (%s sent;"
                            + " lease %s, the first create written %s after it ended): %s", BURST, sent, lease,
                            Duration.ofSeconds(20), failures)
                    .isZero();
        }
    }
}
