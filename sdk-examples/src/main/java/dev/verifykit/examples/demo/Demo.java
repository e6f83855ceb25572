package dev.verifykit.examples.demo;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.dokai.DokaiClient;
import dev.verifykit.error.ValidationException;
import dev.verifykit.examples.HumanDuration;
import dev.verifykit.examples.RequestCounter;
import dev.verifykit.examples.cli.Flags;
import dev.verifykit.examples.cli.Output;
import dev.verifykit.mock.MockServer;
import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The end-to-end demo: all three flows as an integrator would write them, against the reference
 * mock server started in-process, or against the real services for those whose credentials are
 * given. Prints a transcript and a summary; exits non-zero if any flow failed.
 */
@Command(name = "demo",
        description = "Run the Dock, Roblox RPC and Dokai flows end to end (against the embedded mock server "
                + "unless real credentials are given) and print a transcript and a summary.")
public final class Demo implements Callable<Integer> {
    /** The seeded Roblox user of the mock who plays the game in the demo. */
    static final String DEMO_PLAYER = "156319135";
    /** The longest simulated user's delay: a demo, not a soak test (and a delay in millis must fit a long). */
    private static final Duration LONGEST_USER_DELAY = Duration.ofHours(1);

    @Option(names = "--dock-api-key", defaultValue = "${env:DOCK_API_KEY}",
            description = "A real Dock API key (env DOCK_API_KEY, better: a flag shows in process listings); with --dock-pid, the Dock flow talks to Dock.")
    String dockApiKey;

    @Option(names = "--dock-pid", defaultValue = "${env:DOCK_PID}", description = "The pid of that key (env DOCK_PID).")
    String dockPid;

    @Option(names = "--dock-base-url", defaultValue = "${env:DOCK_BASE_URL}",
            description = "Dock's base URL (env DOCK_BASE_URL; default " + DockClient.DEFAULT_BASE_URL + ").")
    String dockBaseUrl;

    @Option(names = "--roblox-base-url", defaultValue = "${env:ROBLOX_RPC_URL}",
            description = "A real RPC base URL, the server's root or its tRPC prefix (env ROBLOX_RPC_URL); "
                    + "the Roblox flow then waits for a real player.")
    String robloxBaseUrl;

    @Option(names = "--dokai-api-key", defaultValue = "${env:DOKAI_API_KEY}",
            description = "A real Dokai API key (env DOKAI_API_KEY, better: a flag shows in process listings); the Dokai flow then polls the real service.")
    String dokaiApiKey;

    @Option(names = "--dokai-base-url", defaultValue = "${env:DOKAI_BASE_URL}",
            description = "Dokai's base URL (env DOKAI_BASE_URL; default " + DokaiClient.DEFAULT_BASE_URL + ").")
    String dokaiBaseUrl;

    @Option(names = "--user-delay", defaultValue = "2s", converter = HumanDuration.class,
            description = "How long the simulated user takes to finish on the mock, at most 1h (default ${DEFAULT-VALUE}).")
    Duration userDelay;

    @Spec
    CommandSpec spec;

    private final PrintStream out;

    /** A demo printing through its command line's configured output (picocli's, {@code System.out} by default). */
    public Demo() {
        this.out = null;
    }

    public Demo(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        // a Dock flag given empty keeps the Dock flow on the mock, whatever the environment gives for the other
        // (one typed with text beside one typed empty is a contradiction, refused below)
        boolean dockOnMock = (givenEmpty("--dock-api-key", dockApiKey) || givenEmpty("--dock-pid", dockPid))
                && !typedWithText("--dock-api-key", dockApiKey) && !typedWithText("--dock-pid", dockPid);
        dockApiKey = dockOnMock ? null : Flags.given(dockApiKey);
        dockPid = dockOnMock ? null : Flags.given(dockPid);
        robloxBaseUrl = Flags.given(robloxBaseUrl);
        dokaiApiKey = Flags.given(dokaiApiKey);
        if ((dockApiKey == null) != (dockPid == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a real Dock flow needs both "
                    + "--dock-api-key and --dock-pid (or DOCK_API_KEY and DOCK_PID); only "
                    + (dockApiKey != null ? "the key" : "the pid") + " was given");
        }
        boolean realDock = dockApiKey != null && dockPid != null;
        checkBeforeRunning(realDock);
        // a write that failed is kept by the PrintWriter (and System.out under picocli's): asked after each line
        PrintWriter writer = spec.commandLine().getOut();
        Transcript transcript = out != null ? new Transcript(out)
                : new Transcript(Output.stream(writer), () -> writer.checkError() || System.out.checkError());
        OkHttpClient http = new OkHttpClient();
        ScheduledExecutorService users = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-user");
            thread.setDaemon(true);
            return thread;
        });
        MockServer mock = null;
        List<FlowResult> results = new ArrayList<>();
        try {
            if (!realDock || robloxBaseUrl == null || dokaiApiKey == null) {
                mock = MockServer.start();
                transcript.line("Reference mock server on " + mock.controlBaseUrl().replace("/_mock", "")
                        + " (dock, roblox, dokai and _mock below it)");
            }
            // a real service is never used without saying so: its key may come from the environment
            if (realDock) {
                transcript.line("dock: the service at " + (dockBaseUrl != null ? dockBaseUrl : DockClient.DEFAULT_BASE_URL)
                        + " (a Dock key and pid were given, by flag or DOCK_API_KEY/DOCK_PID)");
            }
            if (robloxBaseUrl != null) {
                transcript.line("roblox: the real RPC server at " + robloxBaseUrl + " (--roblox-base-url or ROBLOX_RPC_URL)");
            }
            if (dokaiApiKey != null) {
                transcript.line("dokai: the service at " + (dokaiBaseUrl != null ? dokaiBaseUrl : DokaiClient.DEFAULT_BASE_URL)
                        + " (a Dokai key was given, by flag or DOKAI_API_KEY)");
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

    /** Whether {@code flag} was typed with an empty value (not merely left to its variable). */
    private boolean givenEmpty(String flag, String value) {
        return value != null && value.isBlank() && spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    private boolean typedWithText(String flag, String value) {
        return Flags.given(value) != null && spec.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /**
     * What is checked before anything runs or is printed: the user's delay, and each real
     * service's base URL and key as its client checks them (a URL with user-info would otherwise be
     * printed by the transcript's first lines, and a refused value would fail its flow, exit 1,
     * after the others ran). A refusal is bad usage naming the flag and the rule, never the value.
     */
    private void checkBeforeRunning(boolean realDock) {
        if (userDelay.isNegative() || userDelay.compareTo(LONGEST_USER_DELAY) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--user-delay must be from 0 to 1h");
        }
        // typed empty, a base URL is bad usage whichever way its flow runs (an empty key or pid is not: it asks for the mock)
        if (givenEmpty("--dock-base-url", dockBaseUrl)) {
            throw Flags.emptyBaseUrl(spec, "--dock-base-url", "DOCK_BASE_URL", "Dock");
        }
        if (givenEmpty("--dokai-base-url", dokaiBaseUrl)) {
            throw Flags.emptyBaseUrl(spec, "--dokai-base-url", "DOKAI_BASE_URL", "Dokai");
        }
        if (robloxBaseUrl != null) {
            checkClient(Map.of("baseUrl", "--roblox-base-url"),
                    () -> RobloxVerificationClient.builder().baseUrl(robloxBaseUrl).build());
        }
        if (dokaiApiKey != null) {
            checkClient(Map.of("baseUrl", "--dokai-base-url", "apiKey", "--dokai-api-key"), () -> Flags.atBaseUrl(spec,
                    DokaiClient.builder(), dokaiBaseUrl, "--dokai-base-url", "DOKAI_BASE_URL", "Dokai").apiKey(dokaiApiKey).build());
        }
        if (realDock) {
            checkClient(Map.of("baseUrl", "--dock-base-url", "apiKey", "--dock-api-key"), () -> Flags.atBaseUrl(spec,
                    DockClient.builder(), dockBaseUrl, "--dock-base-url", "DOCK_BASE_URL", "Dock").apiKey(dockApiKey).build());
            // the pid goes into each create: refused there, the Dock flow failed (exit 1) after the others ran
            checkClient(Map.of("pid", "--dock-pid"), () -> {
                DockFlow.params(dockPid, DockFlow.CLIENT_IDS.get(0));
                return () -> {};
            });
        }
    }

    /** Builds and closes a client: a value it refuses is a usage error under the flag that gave it. */
    private void checkClient(Map<String, String> flags, Supplier<? extends AutoCloseable> build) {
        try {
            build.get().close();
        } catch (ValidationException refused) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    flags.getOrDefault(refused.field(), refused.field()) + ": " + refused.rule());
        } catch (CommandLine.ParameterException usage) {
            throw usage; // a flag given empty, refused before any client is built
        } catch (Exception e) {
            throw new IllegalStateException("closing a client that never sent anything failed", e);
        }
    }

    private List<Flow> flows(MockServer mock, OkHttpClient http, ScheduledExecutorService users, Transcript t,
            boolean realDock) {
        List<Flow> flows = new ArrayList<>();
        if (realDock) {
            DockClient.Builder dock = Flags.atBaseUrl(spec, DockClient.builder(), dockBaseUrl, "--dock-base-url",
                    "DOCK_BASE_URL", "Dock").apiKey(dockApiKey);
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
        flows.add(robloxBaseUrl != null
                ? new RobloxFlow(RobloxVerificationClient.builder().baseUrl(robloxBaseUrl), http,
                        start -> t.say("roblox", "waiting for a player to enter the code in the game"))
                : new RobloxFlow(RobloxVerificationClient.builder().baseUrl(mock.robloxBaseUrl()), http,
                        start -> users.schedule(() -> {
                            try (RobloxGameServerClient game = RobloxGameServerClient.builder()
                                    .baseUrl(mock.robloxBaseUrl())
                                    .verificationSecret(mock.settings().roblox().verificationSecret()).build()) {
                                RobloxFlow.enterInGame(game, start, DEMO_PLAYER, t);
                            }
                        }, userDelay.toMillis(), TimeUnit.MILLISECONDS)));
        flows.add(dokaiApiKey != null
                ? new DokaiFlow(Flags.atBaseUrl(spec, DokaiClient.builder(), dokaiBaseUrl,
                        "--dokai-base-url", "DOKAI_BASE_URL", "Dokai").apiKey(dokaiApiKey), http, null,
                        s -> t.say("dokai", "waiting for a person to finish on the hosted page"))
                : new DokaiFlow(DokaiClient.builder().apiKey(mock.settings().dokai().apiKey()).baseUrl(mock.dokaiBaseUrl())
                        .initialPollInterval(Duration.ofSeconds(1)), http, mock.settings().dokai().webhookSecret(),
                        s -> hostedSteps(mock, s.id(), t, users)));
        return flows;
    }

    /** The user on Dokai's hosted page: the document, the selfie, then the outcome, a moment apart. */
    private void hostedSteps(MockServer mock, String sessionId, Transcript t, ScheduledExecutorService users) {
        long step = Math.max(1, userDelay.toMillis() / 2);
        users.schedule(() -> {
            mock.dokai().advance(sessionId);
            t.say("dokai", "(the user uploaded the document)");
        }, step, TimeUnit.MILLISECONDS);
        users.schedule(() -> {
            mock.dokai().advance(sessionId);
            t.say("dokai", "(the user took the selfie; processing)");
        }, 2 * step, TimeUnit.MILLISECONDS);
        users.schedule(() -> {
            mock.dokai().finish(sessionId, "verified");
            t.say("dokai", "(Dokai verified the user)");
        }, 3 * step, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a flow; its failure is reported, and the demo goes on to the next flow.
     *
     * @throws InterruptedException when the demo's thread was interrupted (a wait it cancelled leaves
     *     the thread's flag set): the demo stops there, as Ctrl-C stops it (130, nothing more printed
     *     or sent)
     */
    private static FlowResult run(Flow flow, Transcript t) throws InterruptedException {
        RequestCounter requests = new RequestCounter();
        long start = System.nanoTime();
        boolean ok;
        String result;
        try {
            Flow.Outcome outcome = flow.run(t, requests);
            ok = outcome.verified();
            result = outcome.result();
        } catch (Exception e) {
            if (t.failure() != null) {
                throw t.failure(); // the transcript cannot be written: the demo stops (exit 1), running no other flow
            }
            if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                InterruptedException interrupted = new InterruptedException("the demo was interrupted");
                interrupted.initCause(e);
                throw interrupted;
            }
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
