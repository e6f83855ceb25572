package dev.verifykit.examples.demo;

import dev.verifykit.examples.cli.Output;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The demo's readable transcript: each line with the time since the start and the flow it belongs to.
 * A line may quote what a server answered (the demo may talk to a server of the user's choosing), so
 * each is written {@linkplain Output#printable printable}: no server can drive the terminal or
 * forge a line. A line that could not be written (a full disk, a pipe whose reader has gone) fails
 * the demo, as {@code Output.print} fails a command (a {@code PrintStream} would keep the failure to
 * itself, and the demo run on, sending every request, and exit 0 with nothing printed).
 */
public final class Transcript {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    private final BooleanSupplier failed;
    private volatile UncheckedIOException failure;

    public Transcript(PrintStream out) {
        this(out, () -> false);
    }

    /**
     * @param failed whether the output under {@code out} failed a write, where {@code out} cannot
     *     tell (a {@code PrintWriter} under it keeps its own error flag, {@code System.out} too)
     */
    public Transcript(PrintStream out, BooleanSupplier failed) {
        this.out = out;
        this.failed = failed;
    }

    /** The failure of a line that could not be written, or {@code null}; the demo ends with it. */
    public UncheckedIOException failure() {
        return failure;
    }

    /** @throws UncheckedIOException when the line just written could not be */
    private void written() {
        if (failure == null && (out.checkError() || failed.getAsBoolean())) { // checkError flushes
            failure = new UncheckedIOException("standard output could not be written (a full disk, or a pipe whose"
                    + " reader has gone)", new IOException("the write failed"));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * One line of a flow.
     *
     * @throws UncheckedIOException when it, or a line before it, could not be written
     */
    public synchronized void say(String flow, String text) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "[%6.2fs] %-7s %s%n", seconds, flow, Output.printable(text));
        written();
    }

    /**
     * A line of its own (headings, the summary).
     *
     * @throws UncheckedIOException when it, or a line before it, could not be written
     */
    public synchronized void line(String text) {
        out.println(Output.printable(text));
        written();
    }
}
