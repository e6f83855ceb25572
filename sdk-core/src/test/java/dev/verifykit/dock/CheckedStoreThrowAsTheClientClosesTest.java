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
 * A guardrail store not written in Java (Kotlin: no checked exceptions) throwing an {@code
 * IOException} from {@code readArrived} as the client's close tells it of a read it ended: close()
 * ends every wait, then throws that exception as it is. Before the fix (found by a review of this
 * change), close() threw a {@code ClassCastException} in its place (a cast to RuntimeException),
 * the store's exception lost. See {@link StoreErrorAsTheClientClosesTest} for an {@code Error}.
 */
class CheckedStoreThrowAsTheClientClosesTest {
    private static final long PATIENCE_SECONDS = 20;

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void aStoresCheckedThrowableIsThrownByCloseAsItIs() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        GuardrailStore store = new ForwardingGuardrailStore(GuardrailStore.inMemory(Scheduler.system())) {
            @Override
            public void readArrived(String account, String sessionId, String readId, Duration ago) {
                if (broken.get()) {
                    CheckedStoreThrowAsTheClientClosesTest.<RuntimeException>sneaky(new java.io.IOException("connection reset (a Kotlin store: no checked exceptions)"));
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
        assertThat(closing).as("the store's Error, as it is, once everything ended").isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> dock.sessions().retrieve("vsn_REVIEWreviewREVIEW0011"))
                .isInstanceOf(dev.verifykit.error.ClientClosedException.class);
    }

    /** Throws {@code t} unchecked, as Kotlin (or Lombok's @SneakyThrows) code does. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> void sneaky(Throwable t) throws E {
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
