package dev.verifykit.examples.demo;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.examples.RequestCounter;
import dev.verifykit.mock.MockServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end demo: all three flows as an integrator would write them, against the reference
 * mock server started in-process, or against the real services for those whose credentials are
 * given. Prints a transcript and a summary; exits non-zero if any flow failed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the Dock, Roblox RPC and Dokai flows end to end (against the embedded mock server "
                + "unless real credentials are given) and print a transcript and a summary.")
public final class Demo implements Callable<Integer> {
    static final Duration USER_DELAY = Duration.ofSeconds(2);

    @Option(names = "--dock-api-key", defaultValue = "${env:DOCK_API_KEY}",
            description = "A real Dock API key (env DOCK_API_KEY); with --dock-pid, the Dock flow talks to Dock.")
    String dockApiKey;

    @Option(names = "--dock-pid", defaultValue = "${env:DOCK_PID}", description = "The pid of that key (env DOCK_PID).")
    String dockPid;

    @Option(names = "--dock-base-url", defaultValue = "${env:DOCK_BASE_URL}",
            description = "Dock's base URL (env DOCK_BASE_URL; default " + DockClient.DEFAULT_BASE_URL + ").")
    String dockBaseUrl;

    @Option(names = "--user-delay", defaultValue = "PT2S",
            description = "How long the simulated user takes to finish on the mock (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration userDelay = USER_DELAY;

    private final PrintStream out;

    public Demo() {
        this(System.out);
    }

    public Demo(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Transcript transcript = new Transcript(out);
        OkHttpClient http = new OkHttpClient();
        ScheduledExecutorService users = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-user");
            thread.setDaemon(true);
            return thread;
        });
        MockServer mock = null;
        List<FlowResult> results = new ArrayList<>();
        try {
            boolean realDock = dockApiKey != null && dockPid != null;
            if (!realDock) {
                mock = MockServer.start();
                transcript.line("Reference mock server on " + mock.controlBaseUrl().replace("/_mock", "")
                        + " (dock " + mock.dockBaseUrl() + ")");
            }
            for (Flow flow : flows(mock, http, users, transcript, realDock)) {
                results.add(run(flow, transcript));
            }
        } finally {
            users.shutdownNow();
            if (mock != null) {
                mock.close();
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        summary(transcript, results);
        return results.stream().allMatch(FlowResult::ok) ? 0 : 1;
    }

    private List<Flow> flows(MockServer mock, OkHttpClient http, ScheduledExecutorService users, Transcript t,
            boolean realDock) {
        List<Flow> flows = new ArrayList<>();
        if (realDock) {
            DockClient.Builder dock = DockClient.builder().apiKey(dockApiKey);
            if (dockBaseUrl != null) {
                dock.baseUrl(dockBaseUrl);
            }
            flows.add(new DockFlow(dock, dockPid, http,
                    s -> t.say("dock", "waiting for a person to finish at that URL")));
        } else {
            Consumer<DockSession> user = s -> users.schedule(() -> {
                mock.dock().complete(s.id());
                t.say("dock", "(the user finished at verifyUrl)");
            }, userDelay.toMillis(), TimeUnit.MILLISECONDS);
            flows.add(new DockFlow(DockClient.builder().apiKey(mock.settings().dock().freeApiKey())
                    .baseUrl(mock.dockBaseUrl()), mock.settings().dock().freePid(), http, user));
        }
        return flows;
    }

    private static FlowResult run(Flow flow, Transcript t) {
        RequestCounter requests = new RequestCounter();
        long start = System.nanoTime();
        boolean ok;
        String result;
        try {
            Flow.Outcome outcome = flow.run(t, requests);
            ok = outcome.verified();
            result = outcome.result();
        } catch (Exception e) {
            ok = false;
            result = "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            t.say(flow.name(), result);
        }
        return new FlowResult(flow.name(), ok, result, requests.count(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void summary(Transcript t, List<FlowResult> results) {
        t.line("");
        t.line(String.format(Locale.ROOT, "%-7s %-4s %8s %8s  %s", "flow", "ok", "requests", "time", "result"));
        for (FlowResult r : results) {
            t.line(String.format(Locale.ROOT, "%-7s %-4s %8d %7.1fs  %s", r.flow(), r.ok() ? "yes" : "NO",
                    r.requests(), r.time().toMillis() / 1000.0, r.result()));
        }
        long failed = results.stream().filter(r -> !r.ok()).count();
        t.line(failed == 0 ? "All " + results.size() + " flows verified." : failed + " flow(s) failed.");
    }
}
