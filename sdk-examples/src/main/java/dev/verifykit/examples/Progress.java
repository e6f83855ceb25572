package dev.verifykit.examples;

import dev.verifykit.poll.WaitListener;
import dev.verifykit.poll.WaitProgress;
import java.io.PrintWriter;

/**
 * Shows a wait's progress: time left and polls used of the cap, redrawn in place on a terminal,
 * one plain line per request otherwise (logs, pipes, CI).
 *
 * <pre>{@code
 * Progress progress = new Progress(err, true, "dock " + id);
 * try {
 *     dock.sessions().awaitCompletion(id, WaitOptions.builder().listener(progress).build());
 * } finally {
 *     progress.done();
 * }
 * }</pre>
 */
public final class Progress implements WaitListener {
    private final PrintWriter out;
    private final boolean inPlace;
    private final String label;
    private boolean lineOpen;

    /**
     * @param out where to write (standard error keeps standard output clean for {@code --json})
     * @param inPlace whether to redraw one line (on a terminal) or print a line per request
     */
    public Progress(PrintWriter out, boolean inPlace, String label) {
        this.out = out;
        this.inPlace = inPlace;
        this.label = label;
    }

    @Override
    public synchronized void onProgress(WaitProgress p) {
        String line = label + ": " + p.lastStatus()
                + p.remaining().map(left -> ", " + HumanDuration.format(left) + " left").orElse("")
                + ", polls " + p.pollsUsed() + (p.pollCap().isPresent() ? " of " + p.pollCap().getAsInt() : "");
        if (inPlace) {
            out.print("\r\033[2K" + line);
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the line drawn in place, if one is open, so that whatever is printed next starts a line of its own. */
    public synchronized void done() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }
}
