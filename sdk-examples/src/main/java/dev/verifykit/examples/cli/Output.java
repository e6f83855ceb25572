package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
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

    /** Prints a result: its JSON, or the readable text. */
    void print(Map<String, Object> value, String text) {
        spec.commandLine().getOut().println(json ? Json.write(value) : text);
        spec.commandLine().getOut().flush();
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
