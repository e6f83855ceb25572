package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}: one JSON object per result on standard output, for scripts; readable text otherwise. */
public final class Output {
    /** The flag. */
    static final String JSON = "--json";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = JSON, description = "Print each result as one JSON object per line on standard output; an error "
            + "is then one object {\"error\":{…}} there too, with the same exit code.")
    boolean json;

    /**
     * Prints a result: its JSON, or the readable text.
     *
     * @throws UncheckedIOException when it could not be written (a full disk, a pipe whose reader has
     *     gone): a {@code PrintWriter}, and {@code System.out} under it, keep a failed write to
     *     themselves, and a result not written must not pass for printed ({@code webhook serve}
     *     acknowledges a delivery only once its event is printed)
     */
    void print(Map<String, Object> value, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? Json.write(value) : text);
        if (out.checkError() || System.out.checkError()) { // both flush
            throw new UncheckedIOException("standard output could not be written (a full disk, or a pipe whose"
                    + " reader has gone)", new IOException("the write failed"));
        }
    }

    /**
     * A stream whose UTF-8 text goes to {@code writer} (picocli's configured output or error) at each
     * flush (each line: it flushes itself), for code that prints to a {@code PrintStream}.
     */
    public static PrintStream stream(PrintWriter writer) {
        OutputStream text = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                pending.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public synchronized void flush() {
                writer.print(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                writer.flush();
            }
        };
        return new PrintStream(text, true, StandardCharsets.UTF_8);
    }

    /**
     * A value a server sent, fit for the readable text: {@link Json#printable}. The demo's
     * transcript writes every line through it too.
     */
    public static String printable(Object value) {
        return Json.printable(value);
    }

    boolean json() {
        return json;
    }

    /**
     * Whether {@code args} ask for JSON, read as picocli reads the flag: {@code --json}, or
     * {@code --json=true} in any case ({@code --json=false} asks for text); the last one counts.
     * For {@link ErrorReport}, which may have no parsed command to ask.
     */
    static boolean requested(String[] args) {
        boolean requested = false;
        for (String arg : args) {
            if (arg.equals(JSON)) {
                requested = true;
            } else if (arg.startsWith(JSON + "=")) {
                requested = arg.substring(JSON.length() + 1).equalsIgnoreCase("true");
            }
        }
        return requested;
    }
}
