package dev.verifykit.mock;

import dev.verifykit.mock.internal.Json;
import dev.verifykit.mock.internal.Reply;
import dev.verifykit.mock.internal.NoDelayServerSocketFactory;
import dev.verifykit.mock.internal.RequestJournal;
import dev.verifykit.mock.internal.Router;
import dev.verifykit.mock.internal.fault.FaultRules;
import dev.verifykit.mock.internal.control.ControlPlane;
import dev.verifykit.mock.internal.dock.DockService;
import dev.verifykit.mock.internal.dock.DockState;
import dev.verifykit.mock.internal.dokai.DokaiService;
import dev.verifykit.mock.internal.dokai.DokaiState;
import dev.verifykit.mock.internal.roblox.RobloxService;
import dev.verifykit.mock.internal.roblox.RobloxState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;

/**
 * The VerifyKit reference mock server: Dock under {@code /dock}, the Roblox code-verification RPC
 * under {@code /roblox}, Dokai under {@code /dokai} and the control plane under {@code /_mock},
 * all on one port. It keeps state like the real services do, with every guardrail a setting.
 *
 * <pre>{@code
 * try (MockServer server = MockServer.start()) {
 *     String dock = server.dockBaseUrl();          // http://127.0.0.1:PORT/dock
 *     // create a session with API key dock_test_free and pid PID-FREE0001, then:
 *     server.dock().complete(sessionId);
 *     assertThat(server.journal().entries()).isNotEmpty();
 * }
 * }</pre>
 */
public final class MockServer implements AutoCloseable {

    private final MockSettings settings;
    private final MockWebServer web;
    private final Router router;
    private final RequestJournal journal;
    private final FaultRules faults;
    private final DockState dock;
    private final RobloxState roblox;
    private final DokaiState dokai;
    /** {@code http://host:port}, written out rather than built as an {@code HttpUrl}, whose first use costs a cold start tens of ms. */
    private final String root;
    private final Runnable unsubscribe;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down once the first {@link #close()} has closed the server: a close on another thread meanwhile waits for it. */
    private final CountDownLatch closeDone = new CountDownLatch(1);
    /** The thread of the first {@link #close()}, which a close it makes itself does not wait for. */
    private volatile Thread closing;
    /** The longest {@link #close()} waits for the answers of ended long-polls and streams to be written. */
    private static final int CLOSE_GRACE_SECONDS = 5;

    /**
     * A host as a URL names it: an IPv6 literal (given with or without its brackets) in brackets,
     * with its zone's {@code %} written {@code %25} (RFC 6874).
     */
    static String urlHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.length() > 1 && name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        return name.indexOf(':') >= 0 ? "[" + name.replace("%", "%25") + "]" : name;
    }

    private MockServer(MockSettings settings) {
        this.settings = settings;
        this.journal = new RequestJournal(settings.journalBodyLimit());
        this.faults = new FaultRules();
        this.router = new Router(settings.clock(), journal, faults, MockServer::noService);
        this.web = new MockWebServer();
        web.setProtocols(List.of(Protocol.HTTP_1_1));
        web.setServerSocketFactory(new NoDelayServerSocketFactory());
        web.setDispatcher(router);
        router.attach(web);
        try {
            web.start(InetAddress.getByName(settings.host()), settings.port());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the mock server on " + settings.host() + ":"
                    + settings.port(), e);
        }
        this.root = "http://" + urlHost(settings.host()) + ":" + web.getPort();
        MutableClock mutable = MutableClock.behind(settings.clock());
        // a MutableClock tells its moves (dock::wake below), the system clock passes as real time
        DockState.ClockKind clockKind = mutable != null ? DockState.ClockKind.MOVED_WHEN_TOLD
                : settings.clock().getClass() == Clock.systemUTC().getClass() ? DockState.ClockKind.REAL_TIME
                : DockState.ClockKind.SILENT;
        this.dock = new DockState(settings.dock(), settings.clock(), clockKind, dockBaseUrl());
        this.roblox = new RobloxState(settings.roblox(), settings.clock());
        this.dokai = new DokaiState(settings.dokai(), settings.clock(), dokaiBaseUrl(), faults);
        router.mount("/dock", "dock", new DockService(dock, router.gate()))
                .mount("/roblox", "roblox", new RobloxService(roblox))
                .mount("/dokai", "dokai", new DokaiService(dokai))
                .mount("/_mock", "control", new ControlPlane(this::reset, dock, roblox, dokai, faults, journal));
        try {
            addStartupFaults();
        } catch (RuntimeException e) {
            try {
                web.close(); // a server that failed to start keeps no port
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        this.unsubscribe = mutable == null ? () -> { } : mutable.onChange(dock::wake);
    }

    /** Starts a server with {@link MockSettings#defaults()}: {@code 127.0.0.1}, a free port. */
    public static MockServer start() {
        return start(MockSettings.defaults());
    }

    /**
     * Starts a server with {@code settings}.
     *
     * @throws UncheckedIOException when the host cannot be resolved or the port is taken
     */
    public static MockServer start(MockSettings settings) {
        return new MockServer(Objects.requireNonNull(settings, "settings"));
    }

    /** The Dock base URL, e.g. {@code http://127.0.0.1:PORT/dock}. */
    public String dockBaseUrl() {
        return base("dock");
    }

    /** The Roblox code-verification RPC base URL, e.g. {@code http://127.0.0.1:PORT/roblox}. */
    public String robloxBaseUrl() {
        return base("roblox");
    }

    /** The Dokai base URL, e.g. {@code http://127.0.0.1:PORT/dokai}. */
    public String dokaiBaseUrl() {
        return base("dokai");
    }

    /** The control plane's base URL, e.g. {@code http://127.0.0.1:PORT/_mock}. */
    public String controlBaseUrl() {
        return base("_mock");
    }

    /** The port the server listens on. */
    public int port() {
        return web.getPort();
    }

    /** The settings the server was started with. */
    public MockSettings settings() {
        return settings;
    }

    /** Completes, expires and inspects Dock sessions. */
    public DockControl dock() {
        return dock;
    }

    /** Registers Roblox users, completes codes as a game server would, expires and inspects Roblox sessions. */
    public RobloxControl roblox() {
        return roblox;
    }

    /** Advances, finishes, expires and inspects Dokai sessions, and shows webhook deliveries. */
    public DokaiControl dokai() {
        return dokai;
    }

    /** Every request received since start or the last {@link #reset()} or clear, with filters. */
    public MockJournal journal() {
        return journal;
    }

    /** Fault injection: rules that make the mock break on purpose. */
    public MockFaults faults() {
        return faults;
    }

    /**
     * Forgets all state: sessions, buckets, quotas, idempotency keys, links, Roblox sessions, codes
     * and rate-limit windows, the journal and the fault rules (those of {@link MockSettings#faults()}
     * are added again, unused); the Roblox user directory returns to its seeded users. One step for the
     * services: a request arriving meanwhile waits and is answered from the state after the reset (held
     * long-polls do not hold it up; they answer 404). A {@link MutableClock} of the settings is the caller's and
     * stays where it is ({@link MockServerExtension} sets it back between tests).
     */
    public void reset() {
        resetWith(() -> { });
    }

    /** {@link #reset()}, with {@code alsoReset} run inside the same step. */
    void resetWith(Runnable alsoReset) {
        router.reset(() -> {
            alsoReset.run();
            addStartupFaults();
        });
    }

    private void addStartupFaults() {
        for (String rule : settings.faults()) {
            faults.add(rule);
        }
    }

    /**
     * Stops the server; held long-polls answer with the current state and streams end, their answers
     * written before the connections close (waiting at most {@value #CLOSE_GRACE_SECONDS} s for them).
     * The port is free when it returns. A second call does nothing, but for waiting, when another
     * thread's close is still in progress, until that one has closed the server. On an interrupted
     * thread (a launcher ending {@link MockServerMain#runUntilShutdown} by an interrupt) it closes at
     * once (or stops waiting for another thread's close), and the thread stays interrupted.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            // another thread's close may still be in its grace: returning now left the server running
            if (closing != Thread.currentThread()) {
                try {
                    closeDone.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return;
        }
        closing = Thread.currentThread();
        try {
            unsubscribe.run();
            router.close();
            boolean interrupted = false;
            try {
                router.awaitAnswered(TimeUnit.SECONDS.toNanos(CLOSE_GRACE_SECONDS));
            } catch (InterruptedException e) {
                interrupted = true; // close at once
            }
            // MockWebServer's close waits for its threads on a latch: on an interrupted thread it threw
            // InterruptedException before they were stopped, leaving them serving and the port bound
            interrupted |= Thread.interrupted();
            try {
                web.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            closeDone.countDown();
        }
    }

    @Override
    public String toString() {
        return "MockServer{" + root + "}";
    }

    String startupJson() {
        DockSettings d = settings.dock();
        DokaiSettings k = settings.dokai();
        Map<String, Object> credentials = Json.object(
                "dock", Json.object("free", Json.object("apiKey", d.freeApiKey(), "pid", d.freePid()),
                        "premium", Json.object("apiKey", d.premiumApiKey(), "pid", d.premiumPid())),
                "roblox", Json.object("verificationSecret", settings.roblox().verificationSecret()),
                "dokai", Json.object("apiKey", k.apiKey(), "noKycApiKey", k.noKycApiKey(),
                        "webhookSecret", k.webhookSecret(), "otherApiKey", k.otherApiKey()));
        return Json.write(Json.object("dock", dockBaseUrl(), "roblox", robloxBaseUrl(), "dokai", dokaiBaseUrl(),
                "control", controlBaseUrl(), "credentials", credentials));
    }

    private String base(String prefix) {
        return root + "/" + prefix;
    }

    private static Reply noService(String path) {
        return Reply.error(404, "NOT_FOUND", "No service at " + path + "; use /dock, /roblox, /dokai or /_mock");
    }
}
