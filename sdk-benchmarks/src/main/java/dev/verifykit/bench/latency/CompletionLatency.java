package dev.verifykit.bench.latency;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long after the control plane completes a session the caller's future completes: SDK
 * long-poll wait, SDK SSE wait, and a naive hand-written 2-s polling loop, all against the
 * in-process reference mock with the documented guardrails (only the create bucket and the daily
 * limit are raised, to create the sessions quickly). The three kinds run interleaved in one window;
 * each session is completed at a uniformly random moment of the window, so completions fall
 * anywhere in the long-poll and stream cycles (25-s holds, 30-s stream maximum, 2-s reopen).
 *
 * <p>Arguments: output file, window seconds (default 90), sessions per kind (default 200).
 */
public final class CompletionLatency {
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";

    private CompletionLatency() {}

    public static void main(String[] args) throws Exception {
        Args arguments = new Args(args);
        Path out = arguments.out("completion-latency.json");
        int windowSeconds = arguments.number(1, 90);
        int perKind = arguments.number(2, 200);
        List<String> kinds = Waits.KINDS;
        Random random = new Random(42);

        MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .createBurst(10_000).freeDailyLimit(10_000_000).build()).build());
        DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().createBurst(1000).build()).build();
        Waits waits = new Waits(mock, dock, KEY, Duration.ofSeconds(2));

        record Sample(String kind, String id) {}
        List<Sample> samples = new ArrayList<>();
        for (String kind : kinds) {
            for (int i = 0; i < perKind; i++) {
                String id = dock.sessions().create(CreateSessionParams.builder().pid(PID)
                        .clientId(kind + "-" + i).build()).id();
                samples.add(new Sample(kind, id));
            }
        }
        Collections.shuffle(samples, random);

        Map<String, Long> completedAt = new ConcurrentHashMap<>();
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        Map<String, List<String>> failures = new ConcurrentHashMap<>();
        kinds.forEach(k -> {
            latencies.put(k, Collections.synchronizedList(new ArrayList<>()));
            failures.put(k, Collections.synchronizedList(new ArrayList<>()));
        });
        List<CompletableFuture<?>> all = new ArrayList<>();
        long giveUp = System.nanoTime() + Duration.ofSeconds(windowSeconds + 30).toNanos();
        for (Sample s : samples) {
            all.add(waits.await(s.kind(), s.id(), giveUp).whenComplete((value, error) -> {
                long now = System.nanoTime();
                Long t0 = completedAt.get(s.id());
                if (error != null || t0 == null || "gave-up".equals(value)) {
                    failures.get(s.kind()).add(s.id() + ": " + (error != null ? error : value));
                } else {
                    latencies.get(s.kind()).add(now - t0);
                }
            }));
        }

        long windowNanos = Duration.ofSeconds(windowSeconds).toNanos();
        for (Sample s : samples) {
            long at = (long) (random.nextDouble() * windowNanos);
            waits.completer().schedule(() -> {
                completedAt.put(s.id(), System.nanoTime());
                mock.dock().complete(s.id());
            }, at, TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .handle((v, e) -> null).get(windowSeconds + 60L, TimeUnit.SECONDS);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", "completion seen by the caller after the control plane completes it");
        figures.put("windowSeconds", windowSeconds);
        figures.put("sessionsPerKind", perKind);
        figures.put("guardrails", "documented (25 s long-poll hold, 2 s min interval, 30 s stream maximum, retry: 2000); "
                + "create bucket and daily limit raised");
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (String kind : kinds) {
            Map<String, Object> stats = Stats.of(latencies.get(kind), 1e6);
            stats.put("failures", failures.get(kind).size());
            if (!failures.get(kind).isEmpty()) {
                stats.put("firstFailure", failures.get(kind).get(0));
            }
            byKind.put(kind, stats);
        }
        figures.put("latencyMs", byKind);
        Results.write(out, figures);

        waits.close();
        System.exit(0);
    }
}
