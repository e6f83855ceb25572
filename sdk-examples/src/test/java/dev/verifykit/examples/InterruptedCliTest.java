package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.testing.RawServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code VerifyKitCli.commandLine()}'s Javadoc: "The command line, with one-line errors and the exit
 * codes above", which list "130 interrupted"; README: "130 when interrupted (Ctrl-C) and 143 when
 * terminated; either way nothing is printed". A command whose thread is interrupted (an embedding
 * launcher, a test harness, a shell that interrupts its command's thread) ended as a failed request:
 * exit 1 and an {@code error:} line.
 */
@ExtendWith(MockServerExtension.class)
class InterruptedCliTest {
    private final MockServer mock;

    InterruptedCliTest(MockServer mock) {
        this.mock = mock;
    }

    private String createdId() {
        Cli.Run run = Cli.run("dock", "--api-key=" + mock.settings().dock().freeApiKey(), "--base-url=" + mock.dockBaseUrl(),
                "create", "--pid", mock.settings().dock().freePid(), "--client-id", "interrupted-user", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().replaceAll("(?s).*\"id\":\"(vsn_[A-Za-z0-9]+)\".*", "$1").trim();
    }

    private record Interrupted(int exitCode, String out, String err) {}

    /** Runs the command on a thread of its own, interrupts it once {@code started} holds of its output, and waits for it to end. */
    private Interrupted interruptedWhile(Predicate<String> started, String... args) throws Exception {
        CommandLine cli = VerifyKitCli.commandLine(false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread command = new Thread(() -> exit.set(cli.execute(args)), "interrupted-command");
        command.start();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!started.test(out.toString()) && command.isAlive() && System.nanoTime() - giveUp < 0) {
            Thread.sleep(5);
        }
        assertThat(command.isAlive()).as("the command is running: %s %s", out, err).isTrue();
        command.interrupt();
        command.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(command.isAlive()).as("the command ended").isFalse();
        return new Interrupted(exit.get(), out.toString(), err.toString());
    }

    @Test
    void anInterruptedWaitExitsWith130AndPrintsNothing() throws Exception {
        String id = createdId();

        Interrupted run = interruptedWhile(printed -> mock.dock().heldLongPolls() > 0, "dock",
                "--api-key=" + mock.settings().dock().freeApiKey(), "--base-url=" + mock.dockBaseUrl(), "wait", id);

        assertThat(run.exitCode()).as("exit code; standard error: %s", run.err()).isEqualTo(130);
        assertThat(run.err()).doesNotContain("error:");
    }

    @Test
    void anInterruptedStreamExitsWith130AndPrintsNothing() throws Exception {
        String id = createdId();

        Interrupted run = interruptedWhile(printed -> printed.contains("pending"), "dock",
                "--api-key=" + mock.settings().dock().freeApiKey(), "--base-url=" + mock.dockBaseUrl(), "stream", id);

        assertThat(run.exitCode()).as("exit code; standard error: %s", run.err()).isEqualTo(130);
        assertThat(run.err()).doesNotContain("error:");
    }

    /**
     * The demo catches every flow's failure to report it and go on to the next flow: an interrupt
     * was reported as the Dock flow failing, and the Roblox and Dokai flows then ran (and failed at
     * once on the interrupted thread), with a summary and exit 1.
     */
    @Test
    void anInterruptedDemoStopsExitsWith130AndRunsNoOtherFlow() throws Exception {
        // the demo writes its transcript through the command line's configured output
        Interrupted run = interruptedWhile(printed -> printed.contains("send the user to"), "demo", "--user-delay", "1h");
        String printed = run.out();

        assertThat(run.exitCode()).as("exit code; standard error: %s; transcript:%n%s", run.err(), printed).isEqualTo(130);
        assertThat(printed).as("the transcript").doesNotContain("failed", "] roblox", "] dokai", "flow(s)");
    }

    /**
     * A create interrupted once its request went out unanswered still prints the idempotency key
     * that gets that session ("it may have been created: the same command with --idempotency-key K
     * …"), the only place a random key is shown: exit 130, but not nothing printed.
     */
    @Test
    void anInterruptedCreateThatMayHaveArrivedStillNamesItsIdempotencyKey() throws Exception {
        try (RawServer silent = new RawServer(conn -> { })) { // takes the request, never answers
            Interrupted run = interruptedWhile(printed -> !silent.heads.isEmpty(), "dock",
                    "--api-key=" + mock.settings().dock().freeApiKey(), "--base-url=" + silent.url("/dock"), "create",
                    "--pid", mock.settings().dock().freePid(), "--client-id", "interrupted-user");

            assertThat(run.exitCode()).as("exit code; standard error: %s", run.err()).isEqualTo(130);
            assertThat(run.err()).contains("it may have been created").contains("--idempotency-key ");
        }
    }

    /** {@code mock} ended by an interrupt of its thread exits 130 as the other commands do (it exited 0). */
    @Test
    void anInterruptedMockExitsWith130() throws Exception {
        Interrupted run = interruptedWhile(printed -> printed.contains("{"), "mock", "--port=0");

        assertThat(run.exitCode()).as("exit code; standard error: %s", run.err()).isEqualTo(130);
    }
}
