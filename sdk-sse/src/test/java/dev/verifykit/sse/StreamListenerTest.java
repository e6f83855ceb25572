package dev.verifykit.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dock.StreamSettings;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.event.StreamClose;
import dev.verifykit.event.StreamCloseReason;
import dev.verifykit.event.StreamEvent;
import dev.verifykit.event.VerifyKitListener;
import dev.verifykit.event.WaitEnd;
import dev.verifykit.event.WaitOutcome;
import dev.verifykit.event.WaitStart;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a session stream tells the client's listener: its wait, each open and close and why, and the open's call. */
class StreamListenerTest {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration STREAM_MAX = Duration.ofSeconds(1);
    /**
     * The stream is taken for dead after 30 s of silence, not twice the 300-ms keep-alive (the
     * default): on a loaded machine a 600-ms stall of the mock's keep-alive writer or of the client's
     * reader broke the first stream, whose close was then told BROKEN/silent rather than SERVER_CLOSED.
     */
    private static final StreamSettings PATIENT = StreamSettings.builder().readTimeout(Duration.ofSeconds(30)).build();
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final List<String> told = Collections.synchronizedList(new ArrayList<>());
    private final List<Object> events = Collections.synchronizedList(new ArrayList<>());
    private MockServer mock;
    private DockClient dock;

    @BeforeEach
    void start() {
        mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder().minPollInterval(INTERVAL)
                .streamMaxDuration(STREAM_MAX).keepAlive(Duration.ofMillis(300)).streamRetry(Duration.ofMillis(300))
                .maxWait(Duration.ofSeconds(1)).build()).build());
        dock = DockClient.builder().apiKey("dock_test_free").baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().minPollInterval(INTERVAL).streamMaxDuration(STREAM_MAX)
                        .keepAlive(Duration.ofMillis(300)).maxWait(Duration.ofSeconds(1)).build())
                .listener(recorder()).build();
    }

    @AfterEach
    void stop() {
        dock.close();
        mock.close();
    }

    private <T> List<T> all(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    @Test
    void aStreamClosedByTheServerIsReopenedAndEndsCompleted() throws Exception {
        DockSession session = dock.sessions().create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("u").build());
        told.clear();
        events.clear();
        CompletableFuture<DockSession> done = DockSessionStreams.of(dock, PATIENT).awaitCompletionAsync(session.id());
        String streamPath = "/dock/v2/sessions/" + session.id() + "/stream";
        // Completed only once the server has closed one stream at its maximum and the client reopened.
        mock.journal().await(MockJournalQuery.all().path(streamPath), 2, Duration.ofSeconds(60));
        mock.dock().complete(session.id());
        assertThat(done.get(60, TimeUnit.SECONDS).isCompleted()).isTrue();

        WaitStart wait = all(WaitStart.class).get(0);
        assertThat(wait.operation()).isEqualTo("dock.stream");
        List<StreamEvent> opens = all(StreamEvent.class).stream().distinct().toList();
        assertThat(opens).hasSizeGreaterThanOrEqualTo(2).allSatisfy(open -> {
            assertThat(open.waitId()).isEqualTo(wait.id());
            assertThat(open.operation()).isEqualTo("GET /v2/sessions/{id}/stream");
            assertThat(open.requestId()).isPresent();
        });
        List<StreamClose> closes = all(StreamClose.class);
        assertThat(closes).hasSize(opens.size());
        assertThat(closes.get(0).reason()).isEqualTo(StreamCloseReason.SERVER_CLOSED);
        assertThat(closes.get(closes.size() - 1).reason()).isEqualTo(StreamCloseReason.COMPLETED);
        assertThat(closes.get(closes.size() - 1).events()).isPositive();
        assertThat(all(CallStart.class)).hasSize(opens.size())
                .allSatisfy(call -> assertThat(call.waitId()).hasValue(wait.id()));
        assertThat(all(CallEnd.class)).hasSize(opens.size()).allMatch(CallEnd::succeeded);
        assertThat(all(WaitEnd.class)).singleElement().satisfies(end -> assertThat(end.outcome()).isEqualTo(WaitOutcome.COMPLETED));
        List<String> order = List.copyOf(told);
        assertThat(order.get(0)).isEqualTo("waitStart");
        assertThat(order.get(order.size() - 1)).isEqualTo("waitEnd");
        assertThat(order).containsSubsequence("callStart", "streamOpen", "streamClose", "callEnd");
        // Every open carried the listener's trace header.
        List<MockJournalEntry> streamRequests = mock.journal().find(MockJournalQuery.all().path(streamPath));
        assertThat(streamRequests).isNotEmpty().allSatisfy(r -> assertThat(r.header("traceparent")).isEqualTo(TRACE));
    }

    /** Records what it is told, in order, by method name ({@code onStreamOpen} → {@code streamOpen}), adding a trace header. */
    private VerifyKitListener recorder() {
        return (VerifyKitListener) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {VerifyKitListener.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "recorder";
                    }
                    if (method.getName().equals("requestHeaders")) {
                        return Map.of("traceparent", TRACE);
                    }
                    String name = method.getName().substring(2);
                    synchronized (events) {
                        told.add(Character.toLowerCase(name.charAt(0)) + name.substring(1));
                        events.add(args[args.length - 1]);
                    }
                    return null;
                });
    }
}
