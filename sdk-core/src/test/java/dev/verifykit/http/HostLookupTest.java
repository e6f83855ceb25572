package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.CreateKycSessionParams;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ClientClosedException;
import dev.verifykit.error.TransportException;
import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.error.WaitTimeoutException;
import dev.verifykit.poll.WaitOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host name whose lookup never answers (a name server that does not reply: the system resolver
 * then takes tens of seconds, and Java's lookup cannot be interrupted or cancelled). A call's
 * deadline and {@code close()} still end the call. Each call runs on a thread of its own and the
 * test waits for it a bounded time: before, the call stayed in the lookup until it answered.
 */
class HostLookupTest {
    private static final String API_KEY = "dock_test_free";
    private static final String SESSION_ID = "vsn_A1b2C3d4E5f6G7h8J9k0L1";
    /**
     * The calls' deadline, short against {@link #BOUND_SECONDS}. No test needs a call with this
     * deadline to reach the lookup in time: a machine that stalled such a call for 2 s before its
     * lookup began (the deadline passed first, no lookup was ever made) failed the tests that count
     * lookups. Where a test needs the lookup hanging, a call without a deadline starts it first, and
     * the call with a deadline then finds that lookup in flight (one per host name) and waits for it.
     */
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** Far longer than any deadline: a call still running then is stuck in its lookup. */
    private static final long BOUND_SECONDS = 30;

    private final HangingDns dns = new HangingDns();
    private final List<DockClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void releaseTheLookupsAndClose() {
        dns.release.countDown();
        clients.forEach(DockClient::close);
    }

    /**
     * Starts the lookup of the client's host with a call that has no deadline (it ends when the
     * test releases the lookup or closes the client), and waits until the resolver has it. The call
     * reads a session of its own: a later read of the same session would wait for its turn at the
     * session's gate, not for the lookup.
     */
    private CompletableFuture<Object> lookupHanging(DockClient dock) throws InterruptedException {
        CompletableFuture<Object> first = onItsOwnThread(() -> dock.sessions().retrieve("vsn_Q1w2E3r4T5y6U7i8O9p0A1"));
        assertThat(dns.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the first call reached its lookup").isTrue();
        return first;
    }

    @Test
    void aBlockingCallEndsAtItsTimeoutWhileItsHostNameLookupHangs() throws Exception {
        DockClient dock = client();
        lookupHanging(dock);

        CompletableFuture<Object> call = onItsOwnThread(() ->
                dock.sessions().retrieve(SESSION_ID, RequestOptions.builder().timeout(DEADLINE).build()));

        Throwable failure = failureWithin(call);
        assertThat(failure).isInstanceOf(TransportException.class).hasMessageContaining("timed out");
        assertThat(dns.release.getCount()).as("the lookup never answered").isEqualTo(1);
        assertThat(dns.names).containsExactly("dock.lookup-hangs.test");
        assertThat(dns.threads).allMatch(name -> name.startsWith("verifykit-dns-"));
    }

    @Test
    void aWaitOnTheDispatchersThreadsEndsAtItsDeadlineAndLeavesTheLookupToTheClientsOwnThread() throws Exception {
        DockClient dock = client();
        lookupHanging(dock); // a wait's call that looked the name up on its own thread would be recorded below

        CompletableFuture<DockSession> wait = dock.sessions().awaitCompletionAsync(SESSION_ID,
                WaitOptions.builder().timeout(DEADLINE).build());

        assertThat(failureWithin(wait)).isInstanceOf(WaitTimeoutException.class);
        assertThat(dns.threads).as("the resolver runs on the client's lookup threads, never on a call's")
                .isNotEmpty().allMatch(name -> name.startsWith("verifykit-dns-"));
    }

    @Test
    void closeEndsABlockingCallInItsHostNameLookup() throws Exception {
        DockClient dock = client();
        CompletableFuture<Object> call = onItsOwnThread(() -> dock.sessions().retrieve(SESSION_ID));
        assertThat(dns.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the call reached its lookup").isTrue();

        dock.close();

        assertThat(failureWithin(call)).isInstanceOf(WaitCancelledException.class).hasMessageContaining("the client was closed");
        assertThat(dns.release.getCount()).as("the lookup never answered").isEqualTo(1);
    }

    /**
     * A write the client's close cut in its host name lookup never left: it failed as a
     * {@code TransportException} "was cancelled", which a call cut mid-answer also gets, so the caller
     * of a create (not keyed: a Dokai session) could not tell that nothing was created. It ends as a
     * call cut by the close before its asynchronous attempt or retry started does: a
     * {@link ClientClosedException}, nothing sent.
     */
    @Test
    void closeEndsAWriteInItsHostNameLookupAsNeverSent() throws Exception {
        DokaiClient dokai = DokaiClient.builder().apiKey("dk_test_lookup").baseUrl("https://dokai.lookup-hangs.test/dokai")
                .okHttpClient(new OkHttpClient.Builder().dns(dns).build()).build();
        CompletableFuture<Object> create = onItsOwnThread(() -> dokai.verifySessions().create(CreateKycSessionParams.none()));
        assertThat(dns.entered.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the create reached its lookup").isTrue();

        dokai.close();

        assertThat(failureWithin(create)).isInstanceOf(ClientClosedException.class)
                .hasMessage("dokai: POST /v1/verify/session was cut by the client's close before it was sent; nothing was sent");
        assertThat(dns.release.getCount()).as("the lookup never answered").isEqualTo(1);
    }

    @Test
    void callsToTheSameHostShareOneLookup() throws Exception {
        DockClient dock = client();
        RequestOptions shortly = RequestOptions.builder().timeout(DEADLINE).build();

        CompletableFuture<Object> first = lookupHanging(dock);
        // another session: reads of one session take turns 2 s apart
        CompletableFuture<Object> second = onItsOwnThread(() -> dock.sessions().retrieve("vsn_Z9y8X7w6V5u4T3s2R1q0P9", shortly));

        assertThat(failureWithin(second)).isInstanceOf(TransportException.class);
        assertThat(dns.names).as("one lookup at a time per host name, however many calls wait for it").hasSize(1);
        dock.close();
        assertThat(failureWithin(first)).isInstanceOf(WaitCancelledException.class);
    }

    @Test
    void aLookupThatFailsFailsTheCallAsBeforeNamingTheHost() throws Exception {
        DockClient dock = DockClient.builder().apiKey(API_KEY).baseUrl("https://dock.lookup-hangs.test/dock")
                .okHttpClient(new OkHttpClient.Builder().dns(hostname -> {
                    throw new UnknownHostException(hostname + ": no such host");
                }).build())
                .retryPolicy(RetryPolicy.builder().maxRetries(0).build())
                .build();
        clients.add(dock);

        Throwable failure = failureWithin(onItsOwnThread(() -> dock.sessions().retrieve(SESSION_ID)));

        assertThat(failure).isInstanceOf(TransportException.class).hasRootCauseInstanceOf(UnknownHostException.class)
                .hasMessageContaining("dock.lookup-hangs.test");
    }

    private DockClient client() {
        DockClient dock = DockClient.builder().apiKey(API_KEY).baseUrl("https://dock.lookup-hangs.test/dock")
                .okHttpClient(new OkHttpClient.Builder().dns(dns).build())
                .build();
        clients.add(dock);
        return dock;
    }

    /** Runs {@code call} on a daemon thread of its own, which a stuck lookup cannot keep the test on. */
    private static CompletableFuture<Object> onItsOwnThread(Supplier<Object> call) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "host-lookup-test-call");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    private static Throwable failureWithin(CompletableFuture<?> call) throws Exception {
        try {
            Object value = call.get(BOUND_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded: " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /**
     * A resolver that answers no lookup until released (then the loopback address), and, like the
     * system resolver, is not ended by an interrupt.
     */
    private static final class HangingDns implements Dns {
        final List<String> names = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            names.add(hostname);
            threads.add(Thread.currentThread().getName());
            entered.countDown();
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return List.of(InetAddress.getLoopbackAddress());
        }
    }
}
