package dev.verifykit.bench.latency;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.SessionStreams;
import dev.verifykit.mock.MockServer;
import dev.verifykit.sse.DockSessionStreams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/**
 * The three ways of waiting for a Dock session that the latency benchmarks compare, against one
 * in-process mock: the SDK's long-poll wait, its SSE wait, and a naive loop reading every
 * {@code naiveInterval}; with a scheduler for completing sessions, and one {@link #close()} for all.
 *
 * <pre>{@code
 * try (Waits waits = new Waits(mock, dock, Duration.ofSeconds(2))) {
 *     CompletableFuture<?> done = waits.await("sse", sessionId, giveUpAtNanos);
 * }
 * }</pre>
 */
final class Waits implements AutoCloseable {
    static final List<String> KINDS = List.of("longpoll", "sse", "naive");

    private final MockServer mock;
    private final DockClient dock;
    private final SessionStreams streams;
    private final OkHttpClient naiveHttp = new OkHttpClient();
    private final ScheduledExecutorService naiveTimer = Executors.newScheduledThreadPool(2);
    private final NaivePoller naive;
    private final ScheduledExecutorService completer = Executors.newSingleThreadScheduledExecutor();

    Waits(MockServer mock, DockClient dock, String apiKey, Duration naiveInterval) {
        this.mock = mock;
        this.dock = dock;
        this.streams = DockSessionStreams.of(dock);
        this.naive = new NaivePoller(naiveHttp, naiveTimer, mock.dockBaseUrl(), apiKey, naiveInterval);
    }

    /** Waits for the session in the way {@code kind} names; the naive loop gives up at {@code giveUpAtNanos}. */
    CompletableFuture<?> await(String kind, String sessionId, long giveUpAtNanos) {
        return switch (kind) {
            case "longpoll" -> dock.sessions().awaitCompletionAsync(sessionId);
            case "sse" -> streams.awaitCompletionAsync(sessionId);
            default -> naive.await(sessionId, giveUpAtNanos);
        };
    }

    /** Where the benchmark schedules the completions. */
    ScheduledExecutorService completer() {
        return completer;
    }

    @Override
    public void close() {
        completer.shutdownNow();
        naiveTimer.shutdownNow();
        naiveHttp.dispatcher().executorService().shutdown();
        dock.close();
        mock.close();
    }
}
