package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * A lookup whose helper thread cannot be started ({@code ThreadPoolExecutor.execute} throws
 * {@code OutOfMemoryError: unable to create native thread} when the process is out of threads) fails
 * its call, and leaves nothing behind: the next lookup of that host name starts one of its own. The
 * lookup was left in the map of lookups in flight, never to complete (only a refusal took it out), so
 * every later call to that host waited for it until its own deadline, for the client's life.
 */
class HostLookupThreadFailureTest {

    @Test
    void aLookupWhoseThreadCannotStartLeavesNothingInFlight() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        OkHttpClient okhttp = new OkHttpClient();
        try (HostLookups lookups = new HostLookups(hostname -> List.of(loopback))) {
            ThreadPoolExecutor threads = (ThreadPoolExecutor) threadsOf(lookups);
            AtomicBoolean outOfThreads = new AtomicBoolean(true);
            ThreadFactory factory = threads.getThreadFactory();
            threads.setThreadFactory(task -> {
                if (outOfThreads.getAndSet(false)) {
                    throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource"
                            + " limits reached");
                }
                return factory.newThread(task);
            });

            Call first = okhttp.newCall(new Request.Builder().url("http://verifykit.test/").build());
            Call outer = HostLookups.serving(first);
            try {
                assertThatThrownBy(() -> lookups.lookup("verifykit.test")).as("the lookup whose thread could not start")
                        .isInstanceOf(OutOfMemoryError.class);
            } finally {
                HostLookups.served(outer);
            }

            // the next call to the host, its thread started: it gets its answer (cancelled 20 s on, a hang guard)
            Call second = okhttp.newCall(new Request.Builder().url("http://verifykit.test/").build());
            CompletableFuture<List<InetAddress>> next = CompletableFuture.supplyAsync(() -> {
                Call before = HostLookups.serving(second);
                try {
                    return lookups.lookup("verifykit.test");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    HostLookups.served(before);
                }
            });
            try {
                assertThat(next.get(20, TimeUnit.SECONDS)).as("the next lookup of the host").containsExactly(loopback);
            } finally {
                second.cancel();
            }
        }
    }

    /** The lookups' helper threads (built inside: read to have one of them fail to start). */
    private static ExecutorService threadsOf(HostLookups lookups) throws ReflectiveOperationException {
        Field threads = HostLookups.class.getDeclaredField("threads");
        threads.setAccessible(true);
        return (ExecutorService) threads.get(lookups);
    }
}
