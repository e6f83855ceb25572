package dev.verifykit.examples.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's readable transcript: each line with the time since the start and the flow it belongs to. */
public final class Transcript {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Transcript(PrintStream out) {
        this.out = out;
    }

    /** One line of a flow. */
    public synchronized void say(String flow, String text) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "[%6.2fs] %-7s %s%n", seconds, flow, text);
        out.flush();
    }

    /** A line of its own (headings, the summary). */
    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }
}
