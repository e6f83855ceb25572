package dev.verifykit.bench.latency;

import java.nio.file.Path;

/**
 * A benchmark's positional arguments: the output file first, then numbers, each with a default.
 *
 * <pre>{@code
 * Args arguments = new Args(args);
 * Path out = arguments.out("completion-latency.json");
 * int windowSeconds = arguments.number(1, 90);
 * }</pre>
 */
record Args(String[] values) {
    /** The output file: the first argument, or {@code target/bench-results/<name>}. */
    Path out(String name) {
        return Path.of(values.length > 0 ? values[0] : "target/bench-results/" + name);
    }

    /** The whole number at {@code index}, or {@code otherwise} when there are fewer arguments. */
    int number(int index, int otherwise) {
        return values.length > index ? Integer.parseInt(values[index]) : otherwise;
    }
}
