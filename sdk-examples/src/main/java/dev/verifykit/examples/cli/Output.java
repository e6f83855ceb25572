package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
import java.util.Locale;
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
     * A value a server sent, fit for the readable text: each character a terminal would act on
     * (the C0 and C1 controls, ESC and line breaks among them, and DEL), the line and paragraph
     * separators, the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to
     * U+2069) and a lone surrogate written as a visible <code>&#92;uXXXX</code>, as the SDK writes
     * them in the server text it quotes: the server can neither drive the terminal (move the cursor,
     * clear the screen, set the clipboard) nor forge a line of the output. The JSON output escapes
     * them itself. The demo's transcript writes every line through it too.
     */
    public static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (shows(c)) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\u%04X", c)); // a lone surrogate is one char
            }
        });
        return out.toString();
    }

    private static boolean shows(int c) {
        int type = Character.getType(c);
        return !Character.isISOControl(c) && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SURROGATE && !(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069);
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
