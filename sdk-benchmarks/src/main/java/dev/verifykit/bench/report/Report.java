package dev.verifykit.bench.report;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes BENCHMARKS.md from one run of {@code bench/run}: JMH's JSON results and the JSON of the
 * latency and load runs, with the machine, JDK and date. Never edit the output by hand.
 *
 * <p>Arguments: results directory, output file, run seconds, JMH options used.
 */
public final class Report {
    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final List<String> verdicts = new ArrayList<>();
    /** Whether sections whose results are missing are left out (else a missing file is an error). */
    private boolean partial;

    private Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--sections")) {
            // The sections (and goal rows) of the parts whose results are in the directory, to stdout.
            Report report = new Report(Path.of(args[1]));
            report.partial = true;
            System.out.print(report.sections());
            return;
        }
        if (args.length > 0 && args[0].equals("--splice-multi-instance")) {
            spliceMultiInstance(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String runSeconds = args.length > 2 ? args[2] : "?";
        String jmhOptions = args.length > 3 ? args[3] : "?";
        Report report = new Report(dir);
        String body = report.render(runSeconds, jmhOptions);
        Path analysis = Path.of("bench", "analysis.md");
        if (Files.exists(analysis)) {
            body = body + "\n" + Files.readString(analysis);
        }
        Files.writeString(out, body);
        System.out.println("bench: wrote " + out);
        report.verdicts.forEach(v -> System.out.println("bench: " + v));
    }

    private String render(String runSeconds, String jmhOptions) throws IOException {
        line("# VerifyKit benchmarks");
        line("");
        line("Written by `bench/run` from one run on this machine; do not edit by hand (run `bench/run` again).");
        line("");
        line("| | |");
        line("|---|---|");
        line("| date (UTC) | " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + " |");
        line("| machine | " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + memTotal() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
        line("| JDK | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " |");
        line("| JMH | 1.37, `" + jmhOptions + "` |");
        line("| whole run | " + runSeconds + " s |");
        line("");
        line("Both sides of every comparison are measured in the same run. JMH figures are the score ± its 99.9 % "
                + "error, the median of the measurement iterations and their range; ratios are ratios of medians.");
        line("");
        String summaryAt = "@@SUMMARY@@";
        line(summaryAt);
        body();
        method();
        StringBuilder summary = new StringBuilder("## Goals\n\n| goal | result | met |\n|---|---|---|\n");
        for (String v : verdicts) {
            summary.append(v).append('\n');
        }
        return md.toString().replace(summaryAt, summary.toString());
    }

    private void body() throws IOException {
        if (has("jmh-retrieve.json", "retrieve-paired.json")) {
            retrieve();
        }
        if (has("jmh-webhook.json", "webhook-paired.json")) {
            webhook();
        }
        if (has("completion-latency.json")) {
            completion();
        }
        if (has("request-count.json")) {
            requestCount();
        }
        if (has("concurrent-waits.json")) {
            concurrent("concurrent-waits.json");
        }
        if (has("concurrent-waits-10k.json", "concurrent-waits-10k-capped.json", "concurrent-waits-17-2500.json",
                "concurrent-waits-17-3000.json")) {
            concurrent("concurrent-waits-10k.json");
            capped("concurrent-waits-10k-capped.json");
            java17Capacity();
        }
        if (has("cold-start.json")) {
            coldStart();
        }
        if (has("mock-start.json", "mock-throughput.json")) {
            mock();
        }
        if (has("multi-instance.json")) {
            multiInstance();
        }
    }

    /** The sections of the results present, and their goal rows. */
    private String sections() throws IOException {
        body();
        method();
        StringBuilder out = new StringBuilder("Goal rows:\n\n");
        verdicts.forEach(v -> out.append(v).append('\n'));
        return out.append('\n').append(md).toString();
    }

    /** Whether the part's results exist; outside {@code --sections}, a missing one is an error. */
    private boolean has(String... files) throws IOException {
        for (String file : files) {
            if (!Files.exists(dir.resolve(file))) {
                if (partial) {
                    return false;
                }
                throw new IOException("no " + dir.resolve(file) + ": run every part of bench/run");
            }
        }
        return true;
    }

    // ---- sections ----

    @SuppressWarnings("unchecked")
    private void retrieve() throws IOException {
        List<Map<String, Object>> jmh = jmhSection("Dock `retrieve`: SDK vs hand-written OkHttp + Moshi", "jmh-retrieve.json");
        line("One `GET /v2/sessions/{id}` to a loopback JDK `HttpServer` answering a canned envelope (a completed "
                + "session as the reference mock sent it). SDK: `DockClient` with retries on and default settings, except "
                + "`minPollInterval(1 ns)` and a poll cap of 1,000,000, reading 64 session ids in turn, so that the 2-s "
                + "read pacing does not dominate. Hand-written: its own `OkHttpClient`, its own Moshi records "
                + "(timestamps as strings). Average time per call, lower is better.");
        line("");
        line("| benchmark | score ± error (µs/op) | median (µs/op) | range |");
        line("|---|---|---|---|");
        Map<String, Object> sdk = find(jmh, "RetrieveBenchmark.sdk", Map.of());
        Map<String, Object> hand = find(jmh, "RetrieveBenchmark.handWritten", Map.of());
        jmhRow("SDK `sessions().retrieve(id)`", sdk);
        jmhRow("hand-written OkHttp + Moshi", hand);
        line("");
        line(String.format(Locale.ROOT, "Ratio of the JMH medians: %.3f× (for reference: the two sides ran one after "
                + "the other, and single iterations move by ±15 %% on this machine).", median(sdk) / median(hand)));
        line("");
        Map<String, Object> paired = json("retrieve-paired.json");
        Map<String, Object> sdkTimes = (Map<String, Object>) paired.get("aMicros");
        Map<String, Object> handTimes = (Map<String, Object>) paired.get("bMicros");
        Map<String, Object> ratios = (Map<String, Object>) paired.get("ratio");
        double ratio = dbl(ratios.get("median"));
        line("**Paired** (`RetrievePaired`, the same server and clients): batches of " + intOf(paired.get("batch"))
                + " SDK reads and " + intOf(paired.get("batch")) + " hand-written reads alternate, order swapped every round, "
                + "so that drift hits both sides alike; the goal is judged on the median of the per-round ratios and its "
                + "95 % confidence interval: met only when the whole interval is within the goal."
                + acrossJvms(paired, ""));
        line("");
        line("| rounds | SDK µs/call median (p10 – p90) | hand-written µs/call median (p10 – p90) | ratio per round: median (p10 – p90) | 95 % CI of the median | goal ≤ 1.05× |");
        line("|---|---|---|---|---|---|");
        String verdict = verdict(ratios, 1.05, true);
        line(String.format(Locale.ROOT, "| %s | %.1f (%.1f – %.1f) | %.1f (%.1f – %.1f) | **%.3f×** (%.3f – %.3f) | %s | %s |",
                String.valueOf(intOf(paired.get("rounds"))),
                dbl(sdkTimes.get("median")), dbl(sdkTimes.get("p10")), dbl(sdkTimes.get("p90")),
                dbl(handTimes.get("median")), dbl(handTimes.get("p10")), dbl(handTimes.get("p90")),
                ratio, dbl(ratios.get("p10")), dbl(ratios.get("p90")), ci(ratios), verdict));
        line("");
        verdicts.add(String.format(Locale.ROOT, "| Dock retrieve ≤ 1.05× hand-written | %.3f× paired, CI %s (%.1f vs %.1f µs) | %s |",
                ratio, ci(ratios), dbl(sdkTimes.get("median")), dbl(handTimes.get("median")), yes(verdict)));
    }

    private void webhook() throws IOException {
        List<Map<String, Object>> jmh = jmhSection("`WebhookVerifier.verify` vs raw `javax.crypto.Mac` + `MessageDigest.isEqual`",
                "jmh-webhook.json");
        line("`verify(byte[] body, String header)` with one secret, no replay guard, against one `Mac` initialised once "
                + "and reused, over the same signed bytes, with `MessageDigest.isEqual` against the expected signature "
                + "(the raw side parses no header). `bare`: the hex HMAC of the body (what Dokai sends); `timestamped`: "
                + "`t=…,v1=…` over `\"<t>.<body>\"`, tolerance checked. Throughput, higher is better.");
        line("");
        line("| body | scheme | SDK ops/s (score ± error) | SDK median | raw ops/s (score ± error) | raw median | SDK / raw |");
        line("|---|---|---|---|---|---|---|");
        for (String size : List.of("1024", "65536")) {
            for (String scheme : List.of("bare", "timestamped")) {
                Map<String, String> params = Map.of("bodyBytes", size, "scheme", scheme);
                Map<String, Object> sdk = find(jmh, "WebhookBenchmark.sdk", params);
                Map<String, Object> raw = find(jmh, "WebhookBenchmark.raw", params);
                double ratio = median(sdk) / median(raw);
                String body = size.equals("1024") ? "1 KiB" : "64 KiB";
                line(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.3f× |", body, scheme,
                        scoreErr(sdk), num(median(sdk)), scoreErr(raw), num(median(raw)), ratio));
            }
        }
        line("");
        line("Iteration ranges: " + ranges(jmh) + ". The JMH sides run one after the other; the goals are judged "
                + "on the paired runs below.");
        line("");
        Map<String, Object> paired = json("webhook-paired.json");
        line("**Paired** (`WebhookPaired`, the same verifier, `Mac` and bytes): per case, batches of raw and SDK "
                + "verifications alternate (20,000 calls a batch for 1 KiB, 500 for 64 KiB, about 20 ms each), order swapped every round; "
                + "the ratio per round is SDK throughput / raw throughput (raw time / SDK time). Met only when the whole "
                + "95 % confidence interval of the median ratio is at or above the goal."
                + acrossJvms(object(paired.get("1024/timestamped")), " for 1 KiB timestamped, the case nearest its goal"));
        line("");
        line("| body | scheme | rounds | raw µs/call median | SDK µs/call median | SDK / raw per round: median (p10 – p90) | 95 % CI of the median | goal | verdict |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (String size : List.of("1024", "65536")) {
            for (String scheme : List.of("bare", "timestamped")) {
                Map<String, Object> one = object(paired.get(size + "/" + scheme));
                Map<String, Object> ratios = object(one.get("ratio"));
                double goal = size.equals("1024") && scheme.equals("timestamped") ? 0.95 : 0.9;
                String verdict = verdict(ratios, goal, false);
                String body = size.equals("1024") ? "1 KiB" : "64 KiB";
                line(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | **%.3f×** (%.3f – %.3f) | %s | ≥ %.2f× | %s |",
                        body, scheme, intOf(one.get("rounds")), num(dbl(object(one.get("aMicros")).get("median"))),
                        num(dbl(object(one.get("bMicros")).get("median"))), dbl(ratios.get("median")), dbl(ratios.get("p10")),
                        dbl(ratios.get("p90")), ci(ratios), goal, verdict));
                verdicts.add(String.format(Locale.ROOT, "| webhook verify %s %s ≥ %.2f× raw | %.3f× paired, CI %s | %s |",
                        body, scheme, goal, dbl(ratios.get("median")), ci(ratios), yes(verdict)));
            }
        }
        line("");
    }

    private void completion() throws IOException {
        Map<String, Object> r = section("Completion seen by the caller after the control plane completes it",
                "completion-latency.json");
        Map<String, Object> byKind = object(r.get("latencyMs"));
        line("From `System.nanoTime()` before `server.dock().complete(id)` (in-process reference mock) to the caller's "
                + "future completing. " + r.get("sessionsPerKind") + " sessions per kind, the three kinds interleaved in one "
                + "window of " + intOf(r.get("windowSeconds")) + " s, each session completed at a uniformly random moment of the "
                + "window; guardrails " + r.get("guardrails") + ". Long-poll: `sessions().awaitCompletionAsync(id)`; "
                + "SSE: `DockSessionStreams.awaitCompletionAsync(id)`; naive: a hand-written OkHttp loop reading the "
                + "session every 2 s.");
        line("");
        line("| kind | n | median (ms) | p90 (ms) | p99 (ms) | max (ms) | failures | goal p99 ≤ 25 ms |");
        line("|---|---|---|---|---|---|---|---|");
        for (String kind : List.of("longpoll", "sse", "naive")) {
            Map<String, Object> s = object(byKind.get(kind));
            double p99 = dbl(s.get("p99"));
            int failed = intOf(s.get("failures"));
            // the percentiles are of the waits that saw their completion: a failed wait is a miss too
            String goal = kind.equals("naive") ? "(contrast)"
                    : p99 > 25 ? "missed, by " + num(p99 - 25) + " ms" + (failed > 0 ? ", and " + failed + " failed" : "")
                    : failed > 0 ? "missed: " + failed + " failed" : "met";
            line(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d | %s |", label(kind), intOf(s.get("count")),
                    num(dbl(s.get("median"))), num(dbl(s.get("p90"))), num(p99), num(dbl(s.get("max"))),
                    intOf(s.get("failures")), goal));
            if (!kind.equals("naive")) {
                verdicts.add(String.format(Locale.ROOT, "| %s completion p99 ≤ 25 ms | p99 %s ms (median %s, max %s) | %s |",
                        label(kind), num(p99), num(dbl(s.get("median"))), num(dbl(s.get("max"))), yes(p99 <= 25 && intOf(s.get("failures")) == 0)));
            }
        }
        line("");
    }

    private void requestCount() throws IOException {
        Map<String, Object> r = section("HTTP requests per Dock session", "request-count.json");
        Map<String, Object> byKind = object(r.get("requestsPerSession"));
        line("Real reads and stream opens of the real waiting engine, counted in the reference mock's journal. "
                + "Time shrunk by the same factor on both sides (mock settings and client guardrails), keeping the "
                + "documented ratios: " + r.get("guardrails") + ". Sessions complete at a uniformly random moment of "
                + "their life; a few are never completed and expire (the worst case). Naive: a hand-written loop reading "
                + "every (shrunk) 2 s, ignoring refusals, until it sees the end or the lifetime is over.");
        line("");
        line("| kind | completing at random: median / p90 / max | never completed: max | worst | refusals (sessions) | completions not seen | goal ≤ 13, 0 refusals |");
        line("|---|---|---|---|---|---|---|");
        for (String kind : List.of("longpoll", "sse", "naive")) {
            Map<String, Object> k = object(byKind.get(kind));
            Map<String, Object> random = object(k.get("completingAtRandom"));
            Map<String, Object> never = object(k.get("neverCompleted"));
            int worst = intOf(k.get("worst"));
            int refusals = intOf(k.get("refusals"));
            boolean met = worst <= 13 && refusals == 0;
            String goal = kind.equals("naive") ? "(contrast)" : met ? "met" : "missed";
            line(String.format(Locale.ROOT, "| %s | %s / %s / %s | %s | %d | %d (%d) | %d | %s |", label(kind),
                    num(dbl(random.get("median"))), num(dbl(random.get("p90"))), num(dbl(random.get("max"))),
                    num(dbl(never.get("max"))), worst, refusals, intOf(k.get("sessionsWithRefusals")),
                    intOf(k.get("completionsNotSeen")), goal));
            if (!kind.equals("naive")) {
                verdicts.add(String.format(Locale.ROOT, "| %s requests per session ≤ 13 at worst, 0 refusals | worst %d, "
                        + "median %s, %d refusals | %s |", label(kind), worst, num(dbl(random.get("median"))), refusals, yes(met)));
            }
        }
        line("");
    }

    /** The figures of one {@code ConcurrentWaits} run that its sections and goal rows use. */
    private record WaitsRun(Map<String, Object> r, Map<String, Object> lat, int sessions, int completed, double p99,
            double rss) {
        @SuppressWarnings("unchecked")
        static WaitsRun of(Map<String, Object> r) {
            Map<String, Object> lat = (Map<String, Object>) r.get("latencyMs");
            return new WaitsRun(r, lat, intOf(r.get("sessions")), intOf(r.get("completed")), dbl(lat.get("p99")),
                    dbl(r.get("peakRssMiB")));
        }
    }

    private void concurrent(String file) throws IOException {
        WaitsRun run = WaitsRun.of(json(file));
        Map<String, Object> r = run.r();
        Map<String, Object> lat = run.lat();
        int sessions = run.sessions();
        int completed = run.completed();
        double p99 = run.p99();
        double rss = run.rss();
        line("## " + sessions + " concurrent `awaitCompletionAsync` on one client");
        line("");
        line("One `DockClient`, " + sessions + " sessions, lifetime shrunk to " + intOf(r.get("lifetimeSeconds"))
                + " s on both sides (other guardrails documented: 25-s holds, 2-s interval); the reference mock runs "
                + "standalone in another process, so the figures below are the client process's. Once the mock holds "
                + "every wait's first long-poll (its `heldLongPolls`; the mock takes a platform thread per connection), "
                + "each session is completed over the control plane (HTTP) at a uniformly random moment of the rest of "
                + "its life; latency from before that call to the caller's future completing. Java " + r.get("javaVersion") + ", waits on "
                + r.get("waitThreads") + " threads; JVM options: `"
                + (String.valueOf(r.get("jvmArgs")).isEmpty() ? "(none; default heap " + num(dbl(r.get("maxHeapMiB"))) + " MiB max)" : r.get("jvmArgs")) + "`.");
        line("");
        line("| figure | value | goal |");
        line("|---|---|---|");
        line("| completed | " + completed + " / " + sessions + " (failures " + intOf(r.get("failures")) + ") | all | ");
        line("| completion latency median / p90 / p99 / max | " + num(dbl(lat.get("median"))) + " / " + num(dbl(lat.get("p90")))
                + " / **" + num(p99) + "** / " + num(dbl(lat.get("max"))) + " ms | p99 ≤ 100 ms: "
                + (p99 <= 100 ? "met" : "missed, by " + num(p99 - 100) + " ms") + " |");
        line("| time to start all waits | " + num(dbl(r.get("startAllMs"))) + " ms | (reported) |");
        if (r.containsKey("heldAllMs")) {
            line("| time until the mock held every first long-poll | " + num(dbl(r.get("heldAllMs"))) + " ms ("
                    + intOf(r.get("heldAtStart")) + " held) | (reported) |");
        }
        line("| peak heap used (sampled every 10 ms) | " + num(dbl(r.get("peakHeapUsedMiB"))) + " MiB | (reported) |");
        line("| peak RSS (VmHWM) | " + num(rss) + " MiB | ≤ 512 MB: " + (rss * 1.048576 <= 512 ? "met" : "missed") + " |");
        line("| peak threads | " + intOf(r.get("peakThreads")) + " (" + intOf(r.get("threadsBeforeWaits")) + " before the waits) | (reported) |");
        line("");
        String java = " (Java " + r.get("javaVersion") + ")";
        verdicts.add("| " + sessions + " concurrent waits" + java + ": all complete | " + completed + " / " + sessions + " | " + yes(completed == sessions) + " |");
        verdicts.add("| " + sessions + " concurrent waits" + java + ": p99 ≤ 100 ms | " + num(p99) + " ms | " + yes(p99 <= 100) + " |");
        verdicts.add("| " + sessions + " concurrent waits" + java + ": RSS ≤ 512 MB | " + num(rss) + " MiB, heap " + num(dbl(r.get("peakHeapUsedMiB")))
                + " MiB, " + intOf(r.get("peakThreads")) + " threads | " + yes(rss * 1.048576 <= 512) + " |");
    }

    /**
     * The same waits with the heap capped: what the goal's 512 MB takes once the JVM is not left to
     * size its heap from the machine's memory (reported beside the goal row, not instead of it).
     */
    private void capped(String file) throws IOException {
        WaitsRun run = WaitsRun.of(json(file));
        Map<String, Object> r = run.r();
        int sessions = run.sessions();
        int completed = run.completed();
        double p99 = run.p99();
        double rss = run.rss();
        String options = String.valueOf(r.get("jvmArgs"));
        line("### The same " + sessions + " waits with the heap capped (`" + options + "`)");
        line("");
        line("The goal row above leaves the heap to the JVM, which sizes it from the machine's memory (an initial "
                + "heap of 1/64 of it, and G1 grows the heap while collections copy the held calls). The same run with "
                + "one JVM option, as a deployment in 512 MB would set it (Java " + r.get("javaVersion") + ", waits on "
                + r.get("waitThreads") + " threads):");
        line("");
        line("| completed | p99 (ms) | peak RSS (MiB) | peak heap used (MiB) | max heap (MiB) | peak threads |");
        line("|---|---|---|---|---|---|");
        line("| " + completed + " / " + sessions + " (failures " + intOf(r.get("failures")) + ") | " + num(p99) + " | "
                + num(rss) + " | " + num(dbl(r.get("peakHeapUsedMiB"))) + " | " + num(dbl(r.get("maxHeapMiB"))) + " | "
                + intOf(r.get("peakThreads")) + " |");
        line("");
        verdicts.add("| " + sessions + " concurrent waits with `" + options + "`: all complete, p99, RSS | " + completed + " / "
                + sessions + ", " + num(p99) + " ms, " + num(rss) + " MiB | (reported; "
                + (completed == sessions && p99 <= 100 && rss * 1.048576 <= 512 ? "within" : "not within")
                + " the goal's figures) |");
    }

    /** Java 17 keeps a platform thread per held wait: how many waits fit in 512 MB there. */
    private void java17Capacity() throws IOException {
        line("### Java 17: the most concurrent waits in 512 MB");
        line("");
        line("The same run on Java 17 with default settings (a platform thread per held call), at three sizes (2,000 is the run above when it ran on Java 17); "
                + "`ConcurrentWaits` as above (2,500 and 3,000 with a 60-s lifetime). Only runs on Java 17 count towards the most that fit "
                + "(`bench/run` runs the two larger sizes on a JDK 17 when it finds one: `JAVA17_HOME`, else `/usr/lib/jvm`).");
        line("");
        line("| waits | Java | completed | p99 (ms) | peak RSS (MiB) | peak heap used (MiB) | peak threads | within 512 MB |");
        line("|---|---|---|---|---|---|---|---|");
        int most = 0;
        for (String file : List.of("concurrent-waits.json", "concurrent-waits-17-2500.json", "concurrent-waits-17-3000.json")) {
            if (!Files.exists(dir.resolve(file))) {
                continue;
            }
            Map<String, Object> r = json(file);
            String java = String.valueOf(r.get("javaVersion"));
            double rss = dbl(r.get("peakRssMiB"));
            boolean fits = rss * 1.048576 <= 512 && intOf(r.get("completed")) == intOf(r.get("sessions"));
            if (fits && (java.equals("17") || java.startsWith("17."))) { // the GA release says "17"
                most = Math.max(most, intOf(r.get("sessions")));
            }
            line("| " + intOf(r.get("sessions")) + " | " + java + " | " + intOf(r.get("completed")) + " | " + num(dbl(object(r.get("latencyMs")).get("p99")))
                    + " | " + num(rss) + " | " + num(dbl(r.get("peakHeapUsedMiB"))) + " | " + intOf(r.get("peakThreads"))
                    + " | " + (fits ? "yes" : "no") + " |");
        }
        line("");
        verdicts.add("| Java 17: most concurrent waits measured within 512 MB | " + most + " | (reported) |");
    }

    private void coldStart() throws IOException {
        Map<String, Object> r = section("Cold start: JVM start to the first completed Dock `retrieve`", "cold-start.json");
        Map<String, Object> sdk = object(r.get("sdkWallMs"));
        Map<String, Object> hand = object(r.get("handWallMs"));
        Map<String, Object> ratios = object(r.get("ratio"));
        Map<String, Object> cli = object(r.get("cliHelpWallMs"));
        line("A fresh JVM per run (Java " + r.get("javaVersion") + ", no options), from starting the process to its "
                + "printing that the read completed: the SDK (`DockClient` with default settings, `sessions().retrieve(id)`) "
                + "against a hand-written OkHttp + Moshi program (the records of the retrieve benchmark), reading from one "
                + "canned loopback server; " + intOf(r.get("rounds")) + " rounds, the two sides alternating, order swapped "
                + "every round; ratio per round SDK / hand-written (wall; the CPU ratio is shown beside it, being less "
                + "at the mercy of a busy machine). Class path: the program, core's jar and its runtime "
                + "dependencies (the hand-written side without core's jar). CPU: the process's threads' time on a CPU when the "
                + "read completed. The CLI's `--help` (`java -jar` on the examples' jar, to its exit) ran in the same rounds.");
        line("");
        line("| side | wall ms median (p10 – p90, min – max) | CPU ms median (p10 – p90) |");
        line("|---|---|---|");
        line("| SDK | " + spread(sdk) + " | " + num(dbl(object(r.get("sdkCpuMs")).get("median"))) + " (" + num(dbl(object(r.get("sdkCpuMs")).get("p10")))
                + " – " + num(dbl(object(r.get("sdkCpuMs")).get("p90"))) + ") |");
        line("| hand-written | " + spread(hand) + " | " + num(dbl(object(r.get("handCpuMs")).get("median"))) + " (" + num(dbl(object(r.get("handCpuMs")).get("p10")))
                + " – " + num(dbl(object(r.get("handCpuMs")).get("p90"))) + ") |");
        line("| CLI `--help` | " + spread(cli) + " | — |");
        line("");
        String verdict = verdict(ratios, 1.05, true);
        Map<String, Object> cpuRatios = object(r.get("cpuRatio"));
        line(String.format(Locale.ROOT, "Wall ratio per round: median **%.3f×** (p10 – p90 %.3f – %.3f), 95 %% CI of the median %s; "
                + "goal ≤ 1.05×: %s. CPU ratio per round: median %.3f× (p10 – p90 %.3f – %.3f), 95 %% CI %s.",
                dbl(ratios.get("median")), dbl(ratios.get("p10")), dbl(ratios.get("p90")), ci(ratios), verdict,
                dbl(cpuRatios.get("median")), dbl(cpuRatios.get("p10")), dbl(cpuRatios.get("p90")), ci(cpuRatios)));
        line("");
        Map<String, Object> jars = object(r.get("runtimeJars"));
        StringBuilder list = new StringBuilder();
        jars.forEach((name, bytes) -> list.append(list.length() == 0 ? "" : ", ").append(name).append(" ")
                .append(String.format(Locale.ROOT, "%.0f KiB", dbl(bytes) / 1024)));
        line(String.format(Locale.ROOT, "Runtime dependency weight (core and what it pulls in at run time): %d jars, %.2f MiB: %s.",
                intOf(r.get("runtimeJarCount")), dbl(r.get("runtimeMiB")), list));
        line("");
        verdicts.add(String.format(Locale.ROOT, "| cold start to the first retrieve ≤ 1.05× hand-written | %.3f× paired, CI %s (%s vs %s ms) | %s |",
                dbl(ratios.get("median")), ci(ratios), num(dbl(sdk.get("median"))), num(dbl(hand.get("median"))), yes(verdict)));
        verdicts.add("| CLI `--help` | median " + num(dbl(cli.get("median"))) + " ms | (reported) |");
    }

    /** How a paired result ran in several JVMs, when it did ({@code Paired.combine}); else nothing. */
    private static String acrossJvms(Map<String, Object> paired, String whose) {
        if (paired.get("jvms") == null) {
            return "";
        }
        List<String> medians = new ArrayList<>();
        for (Object value : (List<?>) paired.get("jvmMedianRatios")) {
            medians.add(String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue()));
        }
        return " The rounds ran in " + intOf(paired.get("jvms")) + " JVMs one after another, each after "
                + intOf(paired.get("jvmWarmupSeconds")) + " s of warm-up of its own, and the interval is across them: from"
                + " the lowest to the highest of the JVMs' median ratios (" + String.join(", ", medians) + whose
                + "), since a JVM's compiled code and placement on the"
                + " cores move its median by more than its own rounds' interval shows.";
    }

    private void mock() throws IOException {
        Map<String, Object> start = section("The mock server as a test tool", "mock-start.json");
        Map<String, Object> first = object(start.get("firstMs"));
        Map<String, Object> later = object(start.get("laterMs"));
        line("**In-process start** (`MockServerExtension` starts one `MockServer` per test class and closes it after): "
                + "`MockServer.start()` + `close()`, the first in a fresh JVM (" + intOf(start.get("children")) + " JVMs; "
                + "class loading included, as the first test class of a run pays it) and then " + intOf(later.get("count"))
                + " later ones in those JVMs (what every further test class pays).");
        line("");
        line("| start + close | ms median (p10 – p90, min – max) | 95 % CI of the median | goal ≤ 150 ms |");
        line("|---|---|---|---|");
        String firstVerdict = verdict(first, 150, true);
        String laterVerdict = verdict(later, 150, true);
        line("| first in a JVM | " + spread(first) + " | " + ci(first) + " | " + firstVerdict + " |");
        line("| each later test class | " + spread(later) + " | " + ci(later) + " | " + laterVerdict + " |");
        Object withLibraries = start.get("firstWithLibrariesMs");
        if (withLibraries != null) {
            Map<String, Object> shared = object(withLibraries);
            line("| first in a JVM whose OkHttp client and Moshi are in use already | " + spread(shared) + " | "
                    + ci(shared) + " | (reported) |");
            line("");
            line("The last row's JVMs (" + intOf(shared.get("count")) + ", alternating with the first row's) built an OkHttp"
                    + " client and wrote JSON with Moshi before the start, as a test JVM's code under test does with the"
                    + " libraries the SDK shares with the mock: the difference from the first row is those libraries'"
                    + " loading, the rest is the mock's own (its classes and mockwebserver3's).");
        }
        line("");
        verdicts.add("| mock start per test class ≤ 150 ms | median " + num(dbl(later.get("median"))) + " ms, CI " + ci(later) + " | " + yes(laterVerdict) + " |");
        verdicts.add("| mock start, first test class of a JVM ≤ 150 ms | median " + num(dbl(first.get("median"))) + " ms, CI " + ci(first) + " | " + yes(firstVerdict) + " |");

        Map<String, Object> r = json("mock-throughput.json");
        Map<String, Object> mockRps = object(r.get("mockRps"));
        Map<String, Object> wiremockRps = object(r.get("wiremockRps"));
        Map<String, Object> ratios = object(r.get("ratio"));
        line("**Throughput**: the standalone mock (its own process) and WireMock standalone (" + r.get("wiremock")
                + ") serving the same canned answers (a create and a read recorded from the mock: status, headers, bytes), "
                + "both up at once; a load generator on plain sockets runs the Dock mix (create a session, read it) over "
                + intOf(r.get("connections")) + " keep-alive connections, in batches of " + intOf(r.get("secondsPerBatch"))
                + " s that alternate between the servers, order swapped every round (after two warm-up batches each). "
                + "Ratio per round: mock / WireMock requests per second.");
        line("");
        String verdict = verdict(ratios, 1.0, false);
        line("| rounds | mock req/s median (p10 – p90) | WireMock req/s median (p10 – p90) | ratio per round: median (p10 – p90) | 95 % CI of the median | goal > 1× |");
        line("|---|---|---|---|---|---|");
        line(String.format(Locale.ROOT, "| %d | %s (%s – %s) | %s (%s – %s) | **%.2f×** (%.2f – %.2f) | %s | %s |", intOf(r.get("rounds")),
                num(dbl(mockRps.get("median"))), num(dbl(mockRps.get("p10"))), num(dbl(mockRps.get("p90"))),
                num(dbl(wiremockRps.get("median"))), num(dbl(wiremockRps.get("p10"))), num(dbl(wiremockRps.get("p90"))),
                dbl(ratios.get("median")), dbl(ratios.get("p10")), dbl(ratios.get("p90")), ci(ratios), verdict));
        line("");
        verdicts.add(String.format(Locale.ROOT, "| mock throughput > WireMock standalone | %.2f× paired, CI %s (%s vs %s req/s) | %s |",
                dbl(ratios.get("median")), ci(ratios), num(dbl(mockRps.get("median"))), num(dbl(wiremockRps.get("median"))), yes(verdict)));
    }

    /**
     * "met" when the median's 95 % confidence interval is wholly on the goal's side, "missed" when it
     * is wholly on the other, else "inconclusive" (no interval: judged as inconclusive too).
     */
    private static String verdict(Map<String, Object> stats, double goal, boolean atMost) {
        if (!stats.containsKey("medianCi95Low")) {
            return "inconclusive";
        }
        double low = dbl(stats.get("medianCi95Low"));
        double high = dbl(stats.get("medianCi95High"));
        boolean met = atMost ? high <= goal : low >= goal && (goal != 1.0 || low > goal);
        boolean missed = atMost ? low > goal : high < goal || (goal == 1.0 && high <= goal);
        return met ? "met" : missed ? "missed" : "inconclusive";
    }

    private static String ci(Map<String, Object> stats) {
        if (!stats.containsKey("medianCi95Low")) {
            return "(too few rounds)";
        }
        return num(dbl(stats.get("medianCi95Low"))) + " – " + num(dbl(stats.get("medianCi95High")));
    }

    private static String spread(Map<String, Object> s) {
        return "**" + num(dbl(s.get("median"))) + "** (" + num(dbl(s.get("p10"))) + " – " + num(dbl(s.get("p90")))
                + ", " + num(dbl(s.get("min"))) + " – " + num(dbl(s.get("max"))) + ")";
    }

    /**
     * Renders only the several-instances section from {@code dir} and puts it into an existing
     * BENCHMARKS.md as a whole run would: its goal rows at the end of the goals table (replacing
     * earlier ones of this section), the section before "How to reproduce" (replacing an earlier one).
     * For running this benchmark alone: {@code java -cp benchmarks.jar ...Report --splice-multi-instance DIR BENCHMARKS.md}.
     */
    private static void spliceMultiInstance(Path dir, Path file) throws IOException {
        Report report = new Report(dir);
        report.multiInstance();
        String section = report.md.toString();
        int firstBreak = section.indexOf("\n\n") + 2;
        section = section.substring(0, firstBreak) + "Run on its own on "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + " UTC (`Report --splice-multi-instance`, see below), not in the run that wrote the other sections.\n\n"
                + section.substring(firstBreak);
        String text = Files.readString(file);
        String heading = section.substring(0, section.indexOf('\n'));
        int old = text.indexOf(heading + "\n");
        if (old >= 0) {
            text = text.substring(0, old) + text.substring(text.indexOf("\n## ", old + 1) + 1);
        }
        int how = text.indexOf("## How to reproduce");
        text = text.substring(0, how) + section + text.substring(how);
        int goals = text.indexOf("## Goals");
        int end = text.indexOf("\n\n", text.indexOf("|---|", goals));
        List<String> rows = new ArrayList<>(List.of(text.substring(goals, end).split("\n")));
        rows.removeIf(row -> row.startsWith("| 4 instances") || row.startsWith("| 3 webhook receivers"));
        rows.addAll(report.verdicts);
        text = text.substring(0, goals) + String.join("\n", rows) + text.substring(end);
        Report reproduce = new Report(dir);
        reproduce.method();
        int methodAt = text.indexOf("## How to reproduce");
        int methodEnd = text.indexOf("\n## ", methodAt + 1) + 1;
        text = text.substring(0, methodAt) + reproduce.md + text.substring(methodEnd);
        Files.writeString(file, text);
        System.out.println("bench: spliced the several-instances section into " + file);
        report.verdicts.forEach(v -> System.out.println("bench: " + v));
    }

    @SuppressWarnings("unchecked")
    private void multiInstance() throws IOException {
        Map<String, Object> r = section("Several instances, one API key, through Redis", "multi-instance.json");
        Map<String, Object> creates = object(r.get("creates"));
        Map<String, Object> reads = object(r.get("reads"));
        Map<String, Object> hooks = object(r.get("webhooks"));
        line("`MultiInstance`: " + r.get("what") + ", each instance its own JVM (`InstanceWorker`), started by the "
                + "benchmark, which runs a real `redis-server` (`" + Path.of(String.valueOf(r.get("redisServer"))).getFileName()
                + "`) and the mock in its own "
                + "process and counts in the mock's journal and delivery log.");
        line("");
        int refused = intOf(creates.get("refused429"));
        int accepted = intOf(creates.get("createsAccepted"));
        int asked = intOf(creates.get("createsAsked"));
        double rate = dbl(creates.get("rateVsBucket"));
        boolean createsMet = refused == 0 && accepted == asked;
        boolean rateMet = rate >= 0.95 && rate <= 1.05;
        line("**Creates.** " + creates.get("bucket") + ". " + intOf(creates.get("instances")) + " instances × "
                + intOf(creates.get("threadsPerInstance")) + " threads create " + asked + " sessions as fast as the "
                + "shared bucket lets them. The first create goes alone (its arrival starts the service's bucket; at this "
                + "scale the store's 3 % margin is 6 ms a refill, which a first create held up by four JVMs waking on two "
                + "cores can exceed); the rate compares the time from the first create's arrival to the last's with "
                + "(creates − 6) refills, the fastest the bucket allows.");
        line("");
        line("| figure | value | goal |");
        line("|---|---|---|");
        line("| creates accepted / sent | " + accepted + " / " + intOf(creates.get("createsSent")) + " | all " + asked + " |");
        line("| create 429s (mock's journal) | " + refused + (refused == 0 ? "" : " " + creates.get("refusedAt")) + " | 0: "
                + (refused == 0 ? "met" : "missed") + " |");
        line("| failures seen by the instances | " + ((List<Object>) creates.get("failuresSeenByInstances")).size() + " | 0 |");
        line("| first to last arrival / fastest the bucket allows | " + num(dbl(creates.get("spanSeconds"))) + " s / "
                + num(dbl(creates.get("idealSpanSeconds"))) + " s | |");
        line("| rate / bucket's rate | **" + String.format(Locale.ROOT, "%.3f", rate) + "** | within 5 %: "
                + (rateMet ? "met" : "missed") + " |");
        line("");
        Map<String, Object> perSession = object(reads.get("requestsPerSession"));
        Map<String, Object> spread = object(reads.get("instancesReadingASession"));
        int worst = intOf(reads.get("worst"));
        int readRefusals = intOf(reads.get("refusals"));
        boolean readsMet = worst <= 13 && readRefusals == 0 && intOf(reads.get("endedSeen")) == intOf(reads.get("sessions"));
        line("**Reads.** " + reads.get("guardrails") + ". " + intOf(reads.get("sessions")) + " sessions ("
                + intOf(reads.get("neverCompleted")) + " never completed, they expire) in a queue in Redis: an instance "
                + "takes a session, long-polls it once and puts it back until it ended, so each session's reads come "
                + "from the instances at random, paced only by the shared gate.");
        line("");
        line("| figure | value | goal |");
        line("|---|---|---|");
        line("| sessions seen ending | " + intOf(reads.get("endedSeen")) + " / " + intOf(reads.get("sessions")) + " | all |");
        line("| requests per session median / p90 / max | " + num(dbl(perSession.get("median"))) + " / "
                + num(dbl(perSession.get("p90"))) + " / **" + worst + "** | ≤ 13: " + (worst <= 13 ? "met" : "missed") + " |");
        line("| instances reading one session median / max | " + num(dbl(spread.get("median"))) + " / "
                + intOf(spread.get("max")) + " | (reported) |");
        line("| refusals: interval / poll cap / all | " + intOf(reads.get("intervalRefusals")) + " / "
                + intOf(reads.get("capRefusals")) + " / " + readRefusals + " | 0: " + (readRefusals == 0 ? "met" : "missed") + " |");
        line("");
        int lost = intOf(hooks.get("lost"));
        int twice = intOf(hooks.get("handledMoreThanOnce"));
        int events = intOf(hooks.get("events"));
        boolean hooksMet = lost == 0 && twice == 0 && intOf(hooks.get("handledOnce")) == events;
        line("**Webhooks.** " + intOf(hooks.get("receivers")) + " receivers (JVMs with `WebhookVerifier.handle` and "
                + "`RedisReplayGuard`) behind one address (a front forwarding each delivery to one at random); the mock "
                + "delivers " + events + " events, up to " + intOf(hooks.get("deliveryAttemptsAllowed")) + " attempts each, "
                + "every attempt sent twice (fault rule `webhook-duplicate`), the handler failing "
                + Math.round(dbl(hooks.get("handlerFailureRate")) * 100) + " % of the time at random.");
        line("");
        line("| figure | value | goal |");
        line("|---|---|---|");
        line("| POSTs sent (of which duplicates) | " + intOf(hooks.get("postsSent")) + " (" + intOf(hooks.get("postsFromDuplicates"))
                + ") | |");
        line("| forwarded to each receiver | " + counts(object(hooks.get("forwardedTo"))) + " | |");
        line("| outcomes | " + counts(object(hooks.get("outcomes"))) + " | |");
        line("| events handled exactly once / more than once / never | " + intOf(hooks.get("handledOnce")) + " / " + twice
                + " / " + lost + " | " + events + " / 0 / 0: " + (hooksMet ? "met" : "missed") + " |");
        line("");
        verdicts.add("| 4 instances, one key: " + asked + " creates, 0 create 429s | " + refused + " 429s, " + accepted
                + " accepted | " + yes(createsMet) + " |");
        verdicts.add(String.format(Locale.ROOT, "| 4 instances, one key: create rate within 5 %% of the bucket's | %.3f× | %s |",
                rate, yes(rateMet)));
        verdicts.add("| 4 instances reading sessions at random: 0 refusals, ≤ 13 requests per session | worst " + worst + ", "
                + readRefusals + " refusals | " + yes(readsMet) + " |");
        verdicts.add("| 3 webhook receivers, retries, duplicates, 20 % failing handlers: each event handled once | "
                + intOf(hooks.get("handledOnce")) + " / " + events + " once, " + twice + " twice, " + lost + " lost | "
                + yes(hooksMet) + " |");
    }

    /** {@code {A=1.0, B=2.0}} as {@code A 1, B 2}. */
    private static String counts(Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + " " + intOf(v)));
        return String.join(", ", parts);
    }

    private void method() {
        line("## How to reproduce");
        line("");
        line("`bench/run` builds the modules (`./mvnw -B -q -o install -pl sdk-benchmarks,sdk-examples -am -DskipTests`), runs "
                + "the two JMH suites from `sdk-benchmarks/target/benchmarks.jar` with `-rf json`, runs the main classes "
                + "(`dev.verifykit.bench.latency.RetrievePaired`, `WebhookPaired`, `CompletionLatency`, `RequestCount`, "
                + "`ConcurrentWaits` (2,000 on the default JDK, `$JAVA_HOME`'s as the wrapper's, else the `PATH`'s; 10,000 on the newest JDK 21+ under `/usr/lib/jvm` or "
                + "`$JAVA21_HOME`, once with default settings and once with `-Xmx320m`; 2,500 and 3,000 on the newest JDK 17 under `/usr/lib/jvm` or `$JAVA17_HOME`, else the default JDK), `dev.verifykit.bench.coldstart.ColdStart`, "
                + "`dev.verifykit.bench.mock.MockStartTime` and `MockThroughput`, `dev.verifykit.bench.latency.MultiInstance` (4 JVMs through a `redis-server`)) with `java -cp` on the same jar, and writes "
                + "this file with `dev.verifykit.bench.report.Report`. Raw results are left in "
                + "`sdk-benchmarks/target/bench-results/`. `bench/run --skip-build PART…` runs single parts (`retrieve webhook "
                + "completion requests waits waits10k cold mock multi`) without writing this file; `Report --sections DIR` prints "
                + "their sections. Confidence intervals of a median are distribution-free (binomial order statistics, ≥ 95 %), "
                + "over rounds taken as independent. The several-instances section alone: `bench/run --skip-build multi`, then "
                + "`Report --splice-multi-instance sdk-benchmarks/target/bench-results BENCHMARKS.md` puts it into this file.");
        line("");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> jmh(String file) throws IOException {
        return (List<Map<String, Object>>) JSON.fromJson(Files.readString(dir.resolve(file)));
    }

    private Map<String, Object> json(String file) throws IOException {
        return object(JSON.fromJson(Files.readString(dir.resolve(file))));
    }

    /** A section: its heading, then the results file it reports on. */
    private Map<String, Object> section(String heading, String file) throws IOException {
        line("## " + heading);
        line("");
        return json(file);
    }

    /** A section on JMH runs: its heading, then the runs of the JMH results file. */
    private List<Map<String, Object>> jmhSection(String heading, String file) throws IOException {
        line("## " + heading);
        line("");
        return jmh(file);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(List<Map<String, Object>> runs, String suffix, Map<String, String> params) {
        for (Map<String, Object> run : runs) {
            Map<String, Object> p = (Map<String, Object>) run.getOrDefault("params", Map.of());
            boolean match = String.valueOf(run.get("benchmark")).endsWith(suffix)
                    && params.entrySet().stream().allMatch(e -> e.getValue().equals(String.valueOf(p.get(e.getKey()))));
            if (match) {
                return run;
            }
        }
        throw new IllegalStateException("no JMH result for " + suffix + " " + params);
    }

    @SuppressWarnings("unchecked")
    private static double[] iterations(Map<String, Object> run) {
        Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
        List<List<Object>> raw = (List<List<Object>>) metric.get("rawData");
        return raw.stream().flatMap(List::stream).mapToDouble(Report::dbl).sorted().toArray();
    }

    private static double median(Map<String, Object> run) {
        double[] v = iterations(run);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    @SuppressWarnings("unchecked")
    private static String scoreErr(Map<String, Object> run) {
        Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
        return num(dbl(metric.get("score"))) + " ± " + num(dbl(metric.get("scoreError")));
    }

    private void jmhRow(String label, Map<String, Object> run) {
        double[] v = iterations(run);
        line("| " + label + " | " + scoreErr(run) + " | " + num(median(run)) + " | " + num(v[0]) + " – " + num(v[v.length - 1])
                + " (" + v.length + " iterations) |");
    }

    @SuppressWarnings("unchecked")
    private static String ranges(List<Map<String, Object>> runs) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            Map<String, Object> p = (Map<String, Object>) run.get("params");
            String name = String.valueOf(run.get("benchmark"));
            double[] v = iterations(run);
            out.add(name.substring(name.lastIndexOf('.') + 1) + " " + p.get("bodyBytes") + "/" + p.get("scheme") + " "
                    + num(v[0]) + "–" + num(v[v.length - 1]));
        }
        return String.join("; ", out);
    }

    private static String label(String kind) {
        return switch (kind) {
            case "longpoll" -> "long-poll wait";
            case "sse" -> "SSE wait";
            default -> "naive 2-s polling";
        };
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String yes(String verdict) {
        return switch (verdict) {
            case "met" -> "yes";
            case "missed" -> "**no**";
            default -> "inconclusive";
        };
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    private static double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
    }

    private static int intOf(Object o) {
        return (int) Math.round(dbl(o));
    }

    static String num(double v) {
        double a = Math.abs(v);
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "? RAM";
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
