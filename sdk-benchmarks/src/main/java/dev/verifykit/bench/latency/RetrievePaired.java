package dev.verifykit.bench.latency;

import dev.verifykit.bench.jmh.RetrieveBenchmark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Dock retrieve comparison of {@link RetrieveBenchmark} (same server, same clients), measured
 * {@link Paired paired}: batches of 100 SDK reads and 100 hand-written reads alternate, so that the
 * ratio is not at the mercy of which side ran while the machine was busier.
 *
 * <p>Arguments: output file, seconds of measurement (default 40; 5 more of warm-up).
 */
public final class RetrievePaired {
    private RetrievePaired() {}

    public static void main(String[] args) throws IOException {
        Args arguments = new Args(args);
        Path out = arguments.out("retrieve-paired.json");
        int seconds = arguments.number(1, 40);
        RetrieveBenchmark bench = new RetrieveBenchmark();
        bench.setUp();
        try {
            Map<String, Object> figures = new Paired(bench::sdk, () -> {
                try {
                    bench.handWritten();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, 100).run(5, seconds);
            figures.put("a", "SDK sessions().retrieve(id)");
            figures.put("b", "hand-written OkHttp + Moshi");
            Results.write(out, figures);
        } finally {
            bench.tearDown();
        }
    }
}
