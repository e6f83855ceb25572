package dev.verifykit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link MockServer#reset()} as one step: a request never sees part of the state reset and part not. */
class ResetTest {

    private static final String CREATE = "{\"pid\":\"" + Http.FREE_PID + "\",\"clientId\":\"during-reset\"}";

    @Test
    void aRequestArrivingWhileAResetRunsIsAnsweredFromTheStateAfterIt() throws Exception {
        try (MockServer server = MockServer.start(MockSettings.builder()
                .fault("GET /dock/v2/sessions/* respond status=503").build())) {
            Http http = new Http(server);
            server.faults().add("POST", "/dock/v2/sessions", MockFault.respond(500), 100); // the last test's rule
            CompletableFuture<Thread> resetter = new CompletableFuture<>();
            CompletableFuture<Void> reset;
            CompletableFuture<Http.Answer> create;
            synchronized (server.roblox()) { // the reset stops at the Roblox state, after Dock's
                reset = Background.run(() -> {
                    resetter.complete(Thread.currentThread());
                    server.reset();
                });
                Thread thread = resetter.get(30, TimeUnit.SECONDS);
                spinUntil(() -> blockedInRobloxReset(thread), "the reset blocked in the Roblox state's reset");
                CompletableFuture<Http.Answer> sent = Background.supply(() -> http.create(Http.FREE, CREATE));
                create = sent;
                spinUntil(() -> sent.isDone() || parkedInTheDispatcher(thread), "the create answered or held back");
            }
            reset.get(30, TimeUnit.SECONDS);

            assertThat(create.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(server.dock().sessionCount()).isEqualTo(1);
            assertThat(server.journal().find(MockJournalQuery.all().method("POST"))).hasSize(1);
            assertThat(server.faults().rules()).extracting(MockFaultRule::spec)
                    .containsExactly("GET /dock/v2/sessions/* respond status=503");
        }
    }

    /**
     * Spins until {@code condition} holds; fails (rather than hangs, holding the Roblox state's
     * monitor) when it has not after a minute, which only a change of the reset's order can cause.
     */
    private static void spinUntil(java.util.function.BooleanSupplier condition, String what) {
        long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("not seen within a minute: " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** Whether {@code thread} waits for the Roblox state's monitor in its reset (not, say, for a class being loaded). */
    private static boolean blockedInRobloxReset(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        return thread.getState() == Thread.State.BLOCKED && stack.length > 0
                && stack[0].getClassName().endsWith(".RobloxState") && stack[0].getMethodName().equals("reset");
    }

    /** Whether a thread other than {@code resetter} waits for a lock inside the mock's dispatcher. */
    private static boolean parkedInTheDispatcher(Thread resetter) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey() != resetter && e.getKey().getState() == Thread.State.WAITING)
                .anyMatch(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().equals("dev.verifykit.mock.internal.Router")));
    }
}
