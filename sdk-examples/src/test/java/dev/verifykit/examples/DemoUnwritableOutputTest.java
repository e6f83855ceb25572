package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo's Javadoc: it "prints a transcript and a summary; exits non-zero if any flow failed";
 * the command line's rule ({@code Output.print}): "a result not written must not pass for
 * printed". With standard output that cannot be written ({@code ./verifykit demo > file} on a full
 * disk, {@code | head -1} once the reader has gone) the demo wrote its transcript into a
 * {@code PrintWriter} that kept the failure to itself: it ran all three flows regardless (sending
 * every request) and exited 0, as if its transcript and summary had been printed.
 */
class DemoUnwritableOutputTest {
    /** Standard output whose every write fails; counts the lines tried (a write of text ending a line). */
    private static final class FullDisk extends Writer {
        final AtomicInteger lines = new AtomicInteger();

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (len > 0 && buf[off + len - 1] == '\n') {
                lines.incrementAndGet();
            }
            throw new IOException("No space left on device");
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aTranscriptThatCannotBeWrittenFailsTheDemoAtItsFirstLine() {
        FullDisk disk = new FullDisk();
        StringWriter err = new StringWriter();
        CommandLine cli = VerifyKitCli.commandLine(false);
        cli.setOut(new PrintWriter(disk, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("demo", "--user-delay", "0", "--dock-api-key=", "--dock-pid=", "--roblox-base-url=",
                "--dokai-api-key=");

        assertThat(exit).as("exit code; standard error: %s", err).isEqualTo(1);
        assertThat(err.toString()).contains("error: ").contains("standard output could not be written");
        assertThat(disk.lines.get()).as("lines tried: the demo stops at its first, running no flow").isEqualTo(1);
    }
}
