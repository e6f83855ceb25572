package dev.verifykit.examples.demo;

import dev.verifykit.examples.cli.Output;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's readable transcript: each line with the time since the start and the flow it belongs to.
 * A line may quote what a server answered (the demo may talk to a server of the user's choosing), so
 * each is written {@linkplain Output#printable printable}: no server can drive the terminal or
 * forge a line.
 */
public final class Transcript {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Transcript(PrintStream out) {
        this.out = out;
    }

    /** One line of a flow. */
    public synchronized void say(String flow, String text) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "[%6.2fs] %-7s %s%n", seconds, flow, Output.printable(text));
        out.flush();
    }

    /** A line of its own (headings, the summary). */
    public synchronized void line(String text) {
        out.println(Output.printable(text));
        out.flush();
    }
}
