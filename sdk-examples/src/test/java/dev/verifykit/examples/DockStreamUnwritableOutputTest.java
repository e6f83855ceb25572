package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.MockServer;
import dev.verifykit.mock.MockServerExtension;
import dev.verifykit.testing.Background;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The command line's rule ({@code Output.print}): "a result not written must not pass for printed".
 * {@code dock stream > states.txt} on a full disk (or {@code | head -1} once the reader has gone)
 * failed to print the session's states: the failure went to the stream's listener as one more
 * stream error, the stream went on, and the command exited 0 once the session ended, as if every
 * state had been printed. It stops at the first state it cannot print, exit 1, as the demo and
 * {@code webhook serve} do.
 */
@ExtendWith(MockServerExtension.class)
class DockStreamUnwritableOutputTest {
    private final MockServer mock;

    DockStreamUnwritableOutputTest(MockServer mock) {
        this.mock = mock;
    }

    /** Standard output whose every write fails; counts the lines tried (a write of text ending a line). */
    private static final class FullDisk extends Writer {
        final AtomicInteger lines = new AtomicInteger();
        final CountDownLatch tried = new CountDownLatch(1);

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (len > 0 && buf[off + len - 1] == '\n') {
                lines.incrementAndGet();
                tried.countDown();
            }
            throw new IOException("No space left on device");
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void aStateThatCannotBePrintedEndsTheStreamWithExitCode1() throws Exception {
        String key = mock.settings().dock().freeApiKey();
        Cli.Run created = Cli.run("dock", "--api-key=" + key, "--base-url=" + mock.dockBaseUrl(), "create",
                "--pid", "PID-FREE0001", "--client-id", "stream-full-disk", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = created.out().replaceAll("(?s).*\"id\":\"(vsn_[A-Za-z0-9]+)\".*", "$1").trim();
        FullDisk disk = new FullDisk();
        StringWriter err = new StringWriter();
        CommandLine cli = VerifyKitCli.commandLine(false);
        cli.setOut(new PrintWriter(disk, true));
        cli.setErr(new PrintWriter(err, true));

        CompletableFuture<Integer> exit = Background.supply(() -> cli.execute("dock", "--api-key=" + key,
                "--base-url=" + mock.dockBaseUrl(), "stream", id));
        assertThat(disk.tried.await(60, TimeUnit.SECONDS)).as("the first state was printed to the full disk").isTrue();
        // the session ends: a command still following it (the failure taken as one more stream error) exits 0
        mock.dock().complete(id);

        assertThat(exit.get(60, TimeUnit.SECONDS)).as("exit code; standard error: %s", err).isEqualTo(1);
        assertThat(err.toString()).contains("error: ").contains("standard output could not be written");
        assertThat(disk.lines.get()).as("lines tried: the command stops at its first").isEqualTo(1);
    }
}
