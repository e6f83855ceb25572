package dev.verifykit.dock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.WaitCancelledException;
import dev.verifykit.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * close() tells a shared guardrail store, itself, that the reads its waits had in flight ended
 * (ReportsAfterCloseReachTheStoreTest). A store of the application's whose report fails with an
 * {@link Error} there (a {@code NoClassDefFoundError} of a class its client loads lazily) is caught
 * by {@code StoreReadState.arrived} only as a RuntimeException: the Error leaves the wait's close
 * hook, {@code ClientLifecycle.endAll} stops at it, and close() throws before it has ended the other
 * waits, the wait whose report failed (its future is never completed) or closed the transport.
 * "close() still ends everything"; "every wait tells exactly one end". (Found by an outside review.)
 * Now every wait ends and the transport closes; close() then throws the store's Error as it is.
 */
class StoreErrorAsTheClientClosesTest {
    private static final long PATIENCE_SECONDS = 20;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aStoreErrorInACloseReportLeavesNoWaitPending() throws Exception {
        assertThat(closeAStoreThatThrows(new NoClassDefFoundError("io/lettuce/core/protocol/CommandHandler")))
                .as("the store's Error, as it is, once everything ended").isInstanceOf(NoClassDefFoundError.class);
    }

    /**
     * A store not written in Java (Kotlin: no checked exceptions) throwing an {@code IOException}:
     * before the fix (found by a review of this change), close() threw a {@code ClassCastException}
     * in its place (a cast to RuntimeException), the store's exception lost.
     */
    @Test
    void aStoresCheckedThrowableIsThrownByCloseAsItIs() throws Exception {
        assertThat(closeAStoreThatThrows(new java.io.IOException("connection reset (a Kotlin store)")))
                .as("the store's exception, as it is, once everything ended").isInstanceOf(java.io.IOException.class);
    }

    /**
     * Closes a client with two long-polls held while its store throws {@code failure} as it is told
     * of their reads; checks both waits ended and the client closed, and returns what close() threw.
     */
    private Throwable closeAStoreThatThrows(Throwable failure) throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(Scheduler.system())) {
            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                if (broken.get()) {
                    StoreErrorAsTheClientClosesTest.<RuntimeException>sneaky(failure);
                }
                super.readArrived(account, sessionId, readId, ago);
            }
        };
        DockClient dock = DockClient.builder().apiKey("dock_test_free").baseUrl(server.url("/dock").toString())
                .guardrailStore(store).build();
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().code(200).headersDelay(PATIENCE_SECONDS * 3, TimeUnit.SECONDS)
                    .body("{}").build());
        }
        CompletableFuture<DockSession> first = dock.sessions().awaitCompletionAsync("vsn_REVIEWreviewREVIEW0011");
        CompletableFuture<DockSession> second = dock.sessions().awaitCompletionAsync("vsn_REVIEWreviewREVIEW0012");
        assertThat(server.takeRequest(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("a long-poll, held").isNotNull();
        assertThat(server.takeRequest(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("another long-poll, held").isNotNull();

        broken.set(true);
        Throwable closing = catchThrowable(dock::close);

        assertThat(ended(first)).as("the first wait's end (close() threw " + closing + ")")
                .isInstanceOf(WaitCancelledException.class);
        assertThat(ended(second)).as("the second wait's end (close() threw " + closing + ")")
                .isInstanceOf(WaitCancelledException.class);
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_REVIEWreviewREVIEW0011"))
                .isInstanceOf(dev.verifykit.error.ClientClosedException.class);
        return closing;
    }

    /** Throws {@code t} unchecked, as Kotlin (or Lombok's @SneakyThrows) code does. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** What ended {@code wait}, or a TimeoutException when it is still pending (a hang guard). */
    private static Throwable ended(CompletableFuture<?> wait) throws InterruptedException {
        try {
            wait.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        }
    }
}
