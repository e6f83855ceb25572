package dev.verifykit.examples.cli;

import dev.verifykit.examples.Json;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --json}: one JSON object per result on standard output, for scripts; readable text otherwise. */
public final class Output {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print results as one JSON object per line.")
    boolean json;

    /** Prints a result: its JSON, or the readable text. */
    void print(Map<String, Object> value, String text) {
        spec.commandLine().getOut().println(json ? Json.write(value) : text);
        spec.commandLine().getOut().flush();
    }

    boolean json() {
        return json;
    }
}
