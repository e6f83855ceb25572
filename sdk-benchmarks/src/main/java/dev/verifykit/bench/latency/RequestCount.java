package dev.verifykit.bench.latency;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockGuardrails;
import dev.verifykit.mock.DockSettings;
import dev.verifykit.mock.MockJournalEntry;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP requests per Dock session, counted in the reference mock's request record, when the
 * session completes at a uniformly random moment of its life (and, for the worst case, for some
 * sessions never completed, which expire). Time is shrunk by the same factor on both sides (mock
 * settings and client guardrails), keeping the documented ratios: lifetime 5 min : long-poll hold
 * 25 s : minimum interval 2 s : stream maximum 30 s : keep-alive 10 s : retry 2 s, divided by 25,
 * and the free plan's poll cap of 60. Round trips are not shrunk. The journal is read while the run
 * goes on ({@link JournalCollector}): it keeps only the last 10,000 requests, fewer than a run sends.
 *
 * <p>Arguments: output file, sessions per kind completing (default 100), per kind expiring (default 5).
 */
public final class RequestCount {
    static final int FACTOR = 25;
    private static final String KEY = "dock_test_free";
    private static final String PID = "PID-FREE0001";

    private RequestCount() {}

    private static Duration shrink(Duration documented) {
        return documented.dividedBy(FACTOR);
    }

    public static void main(String[] args) throws Exception {
        Args arguments = new Args(args);
        Path out = arguments.out("request-count.json");
        int completing = arguments.number(1, 100);
        int expiring = arguments.number(2, 5);
        List<String> kinds = Waits.KINDS;
        Random random = new Random(7);

        Duration lifetime = shrink(Duration.ofMinutes(5));
        Duration maxWait = shrink(Duration.ofSeconds(25));
        Duration minInterval = shrink(Duration.ofSeconds(2));
        Duration streamMax = shrink(Duration.ofSeconds(30));
        Duration keepAlive = shrink(Duration.ofSeconds(10));
        Duration retry = shrink(Duration.ofSeconds(2));

        MockServer mock = MockServer.start(MockSettings.builder().dock(DockSettings.builder()
                .sessionLifetime(lifetime).maxWait(maxWait).minPollInterval(minInterval)
                .streamMaxDuration(streamMax).keepAlive(keepAlive).streamRetry(retry)
                .createBurst(10_000).freeDailyLimit(10_000_000).build()).build());
        DockClient dock = DockClient.builder().apiKey(KEY).baseUrl(mock.dockBaseUrl())
                .guardrails(DockGuardrails.builder().sessionLifetime(lifetime).maxWait(maxWait)
                        .minPollInterval(minInterval).streamMaxDuration(streamMax).keepAlive(keepAlive)
                        .createBurst(1000).build())
                .build();
        Waits waits = new Waits(mock, dock, KEY, minInterval);
        // the journal keeps the last 10,000 requests, fewer than a run sends (the naive loop alone
        // reads about 12,000 times): gathered while the run goes on, so that no session's first reads are lost
        JournalCollector journal = new JournalCollector(mock.journal());
        ScheduledExecutorService collecting = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "journal-collector");
            thread.setDaemon(true);
            return thread;
        });
        collecting.scheduleWithFixedDelay(journal::collect, 100, 100, TimeUnit.MILLISECONDS);

        record Session(String kind, String id, boolean completes) {}
        List<Session> sessions = new ArrayList<>();
        for (String kind : kinds) {
            for (int i = 0; i < completing + expiring; i++) {
                sessions.add(new Session(kind, null, i < completing));
            }
        }
        Collections.shuffle(sessions, random);
        Map<String, String> outcome = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        List<Session> started = new ArrayList<>();
        int n = 0;
        for (Session planned : sessions) {
            String id = dock.sessions().create(CreateSessionParams.builder().pid(PID)
                    .clientId("count-" + n++).build()).id();
            long giveUp = System.nanoTime() + lifetime.plus(minInterval).toNanos();
            Session s = new Session(planned.kind(), id, planned.completes());
            started.add(s);
            all.add(waits.await(s.kind(), id, giveUp).whenComplete((value, error) -> outcome.put(id, error != null
                    ? "failed: " + error.getClass().getSimpleName()
                    : value instanceof String text ? text : ((dev.verifykit.dock.DockSession) value).status().raw())));
            if (s.completes()) {
                long at = (long) (random.nextDouble() * lifetime.toNanos());
                waits.completer().schedule(() -> {
                    try {
                        mock.dock().complete(id);
                    } catch (IllegalStateException alreadyEnded) {
                        // expired first: counted as an expiring session's reads
                    }
                }, at, TimeUnit.NANOSECONDS);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> null)
                .get(lifetime.toSeconds() * 3 + 30, TimeUnit.SECONDS);
        Thread.sleep(200);

        Map<String, List<Integer>> requests = new LinkedHashMap<>();
        Map<String, List<Integer>> requestsExpiring = new LinkedHashMap<>();
        Map<String, Integer> refusals = new LinkedHashMap<>();
        Map<String, Integer> refusedSessions = new LinkedHashMap<>();
        Map<String, Integer> missed = new LinkedHashMap<>();
        kinds.forEach(k -> {
            requests.put(k, new ArrayList<>());
            requestsExpiring.put(k, new ArrayList<>());
            refusals.put(k, 0);
            refusedSessions.put(k, 0);
            missed.put(k, 0);
        });
        Map<String, List<MockJournalEntry>> bySession = new LinkedHashMap<>();
        collecting.shutdownNow();
        for (MockJournalEntry r : journal.entries()) {
            if (r.method().equals("GET") && r.path().startsWith("/dock/v2/sessions/")) {
                String id = r.path().substring("/dock/v2/sessions/".length()).replace("/stream", "");
                bySession.computeIfAbsent(id, x -> new ArrayList<>()).add(r);
            }
        }
        for (Session s : started) {
            List<MockJournalEntry> reads = bySession.getOrDefault(s.id(), List.of());
            int refused = (int) reads.stream().filter(r -> r.status() != 200).count();
            (s.completes() ? requests : requestsExpiring).get(s.kind()).add(reads.size());
            refusals.merge(s.kind(), refused, Integer::sum);
            if (refused > 0) {
                refusedSessions.merge(s.kind(), 1, Integer::sum);
            }
            String seen = outcome.get(s.id());
            if (s.completes() && !"completed".equals(seen) && mock.dock().session(s.id()).map(m -> m.status()).orElse("").equals("completed")) {
                missed.merge(s.kind(), 1, Integer::sum);
            }
        }

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", "HTTP requests per Dock session (reads and stream opens, counted by the mock)");
        figures.put("timeShrunkBy", FACTOR);
        figures.put("guardrails", "documented, every duration divided by " + FACTOR + ": lifetime " + lifetime.toMillis()
                + " ms, hold " + maxWait.toMillis() + " ms, min interval " + minInterval.toMillis() + " ms, stream max "
                + streamMax.toMillis() + " ms, keep-alive " + keepAlive.toMillis() + " ms, retry " + retry.toMillis()
                + " ms; free plan poll cap 60");
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (String kind : kinds) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("completingAtRandom", Stats.of(requests.get(kind), 1));
            k.put("neverCompleted", Stats.of(requestsExpiring.get(kind), 1));
            List<Integer> both = new ArrayList<>(requests.get(kind));
            both.addAll(requestsExpiring.get(kind));
            k.put("worst", both.stream().mapToInt(Integer::intValue).max().orElse(0));
            k.put("refusals", refusals.get(kind));
            k.put("sessionsWithRefusals", refusedSessions.get(kind));
            k.put("completionsNotSeen", missed.get(kind));
            byKind.put(kind, k);
        }
        figures.put("requestsPerSession", byKind);
        Results.write(out, figures);

        waits.close();
        System.exit(0);
    }
}
