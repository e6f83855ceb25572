package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.error.Service;
import dev.verifykit.event.AttemptEnd;
import dev.verifykit.event.BucketWait;
import dev.verifykit.event.CallEnd;
import dev.verifykit.event.CallStart;
import dev.verifykit.mock.MockFault;
import dev.verifykit.mock.MockJournalQuery;
import dev.verifykit.mock.MockServer;
import dev.verifykit.testing.Await;
import dev.verifykit.testing.Background;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A create whose first attempt was refused (503) and retried is, during its second attempt, on the
 * wire: the graceful shutdown lets it finish, as it does for a create never retried. (Counted asleep
 * from its retry until its next attempt ended, the attempt on the wire was cut by the close and the
 * session Dock made lost to the caller; the attempt's start is told now, {@code onAttemptStart}.)
 */
class ShutdownWaitsForCallsOnTheWireTest {
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    @Test
    void aCreateOnTheWireAfterARetryIsLetFinish() throws Exception {
        try (MockServer mock = MockServer.start()) {
            mock.faults().add("POST", "/dock/v2/sessions", MockFault.respond(503), 1);
            mock.faults().add("POST", "/dock/v2/sessions", MockFault.delayHead(Duration.ofSeconds(4)), 1);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                    .properties("spring.lifecycle.timeout-per-shutdown-phase=2m",
                            "verifykit.dock.api-key=dock_test_free", "verifykit.dock.base-url=" + mock.dockBaseUrl())
                    .run();
            DockClient dock = app.getBean(DockClient.class);
            try {
                CompletableFuture<DockSession> creating = Background.supply(() -> dock.sessions()
                        .create(CreateSessionParams.builder().pid("PID-FREE0001").clientId("user_1").build()));
                // the retried attempt reached the mock, which holds its answer's head
                assertThat(mock.journal().await(MockJournalQuery.all().method("POST").path("/dock/v2/sessions"), 2,
                        Duration.ofSeconds(60))).hasSize(2);
                CompletableFuture<Void> closed = Background.run(app::close);
                try {
                    assertThat(creating.get(60, TimeUnit.SECONDS).id()).startsWith("vsn_");
                } catch (ExecutionException e) {
                    throw new AssertionError("the shutdown closed the client under a create on the wire (its"
                            + " second attempt, after a retry): " + e.getCause(), e.getCause());
                }
                closed.get(60, TimeUnit.SECONDS);
            } finally {
                dock.close();
            }
        }
    }

    /*
     * The same rules at the close itself: "it then lets the calls in progress outside a wait ... finish,
     * for at most limit, and closes the clients", and "a call asleep before its next attempt ... is not
     * waited for: it has nothing on the wire, and the close wakes it". The calls are told to the
     * shutdown's listener as the clients tell them; the close runs on a thread of the test's.
     */

    private static final CallEnd ENDED = CallEnd.builder().attempts(1).duration(Duration.ZERO).build();

    private static CallStart call(long id) {
        return CallStart.builder().id(id).service(Service.DOCK).operation("POST /v2/sessions").build();
    }

    /** The clients' shutdown of a context that is closing, with one client, which counts {@code closed} down. */
    private static ClientShutdown closing(Duration limit, CountDownLatch closed) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.refresh();
        context.close();
        ClientShutdown shutdown = new ClientShutdown(limit);
        shutdown.setApplicationContext(context);
        shutdown.closeAtShutdown((AutoCloseable) closed::countDown);
        return shutdown;
    }

    /** The close of the clients begun, on a thread of its own; waiting (for calls) or over when this returns. */
    private static Thread closeInBackground(ClientShutdown shutdown) throws InterruptedException {
        Thread closing = new Thread(shutdown::stop, "closing");
        closing.setDaemon(true);
        closing.start();
        Await.awaitTrue(() -> closing.getState() == Thread.State.TIMED_WAITING || !closing.isAlive());
        return closing;
    }

    /** Spring's "no limit" ({@code 200000d}, past a long of nanoseconds) still waits for a call on the wire. */
    @Test
    void underAPhaseLimitPastALongOfNanosecondsACallOnTheWireIsAwaited() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        ClientShutdown shutdown = closing(Duration.ofDays(200_000), closed);
        shutdown.listener().onCallStart(call(1));

        Thread closing = closeInBackground(shutdown);

        assertThat(closed.getCount()).as("closed under a call on the wire").isOne();
        shutdown.listener().onCallEnd(call(1), ENDED);
        closing.join(30_000);
        assertThat(closed.getCount()).as("closed once the call ended").isZero();
    }

    /** A call that never ends is waited for no longer than the phase's limit. */
    @Test
    void aCallOnTheWireIsAwaitedForAtMostThePhasesLimit() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        ClientShutdown shutdown = closing(Duration.ofMillis(1), closed);
        shutdown.listener().onCallStart(call(1)); // never ends

        Thread closing = closeInBackground(shutdown);

        closing.join(30_000); // a hang guard
        assertThat(closed.getCount()).as("closed once the limit passed").isZero();
    }

    /**
     * Calls waiting for a create token or out a retry's delay are not waited for, and one falling asleep
     * wakes the close that waited for it.
     */
    @Test
    void callsAsleepBeforeTheirNextAttemptAreNotAwaitedAndOneFallingAsleepWakesTheClose() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        ClientShutdown shutdown = closing(Duration.ofDays(1), closed);
        shutdown.listener().onCallStart(call(1));
        shutdown.listener().onCallStart(call(2));
        shutdown.listener().onAttemptStart(call(1), 1);
        shutdown.listener().onAttemptStart(call(2), 1);
        shutdown.listener().onCreateBucketWait(call(1), BucketWait.builder().service(Service.DOCK).attempt(1)
                .delay(Duration.ofSeconds(10)).build()); // asleep until a token comes

        Thread closing = closeInBackground(shutdown);

        assertThat(closed.getCount()).as("closed under call 2, on the wire").isOne();
        // call 2's attempt failed: asleep until its retry's attempt
        shutdown.listener().onAttempt(call(2), AttemptEnd.builder().number(1).duration(Duration.ZERO)
                .failure("java.net.SocketTimeoutException").build());
        closing.join(30_000); // a hang guard: woken at once
        assertThat(closed.getCount()).as("closed: both calls asleep").isZero();
    }
}
