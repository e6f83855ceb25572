package dev.verifykit.examples;

import dev.verifykit.poll.WaitListener;
import dev.verifykit.poll.WaitProgress;
import java.io.PrintWriter;

/**
 * Shows a wait's progress: time left and polls used of the cap, updated in place on a terminal,
 * one plain line per request otherwise (logs, pipes, CI).
 */
public final class Progress implements WaitListener {
    private final PrintWriter out;
    private final boolean inPlace;
    private final String label;

    /**
     * @param out where to write (standard error keeps standard output clean for {@code --json})
     * @param inPlace whether to redraw one line ({@code System.console() != null}) or print lines
     */
    public Progress(PrintWriter out, boolean inPlace, String label) {
        this.out = out;
        this.inPlace = inPlace;
        this.label = label;
    }

    /** Progress on {@code out}, in place when this process is attached to a terminal. */
    public static Progress to(PrintWriter out, String label) {
        return new Progress(out, System.console() != null, label);
    }

    @Override
    public void onProgress(WaitProgress p) {
        String line = label + ": " + p.lastStatus()
                + p.remaining().map(left -> ", " + left.toSeconds() + " s left").orElse("")
                + ", polls " + p.pollsUsed() + (p.pollCap().isPresent() ? " of " + p.pollCap().getAsInt() : "");
        if (inPlace) {
            out.print("\r\033[2K" + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line, if any. */
    public void done() {
        if (inPlace) {
            out.println();
        }
    }
}
