package dev.verifykit.bench.latency;

import dev.verifykit.bench.jmh.WebhookBenchmark;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook comparison of {@link WebhookBenchmark} (same bytes, same verifier, same raw
 * {@code Mac}), measured {@link Paired paired}: for each body size and scheme, batches of raw
 * verifications and SDK verifications alternate, so that the ratio (SDK throughput / raw
 * throughput, the raw side's time per call over the SDK's) is not at the mercy of drift.
 *
 * <p>Arguments: output file, seconds of measurement per case (default 10; 3 more of warm-up).
 */
public final class WebhookPaired {
    private static volatile int sink;

    private WebhookPaired() {}

    public static void main(String[] args) throws GeneralSecurityException {
        Args arguments = new Args(args);
        Path out = arguments.out("webhook-paired.json");
        int seconds = arguments.number(1, 10);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int size : new int[] {1024, 65536}) {
            for (String scheme : new String[] {"bare", "timestamped"}) {
                WebhookBenchmark bench = new WebhookBenchmark();
                bench.bodyBytes = size;
                bench.scheme = scheme;
                bench.setUp();
                // about 20 ms per batch on either size: long enough that a time slice lost to another
                // process (a few ms on a busy machine) is a small part of a batch, not a doubling
                int batch = size == 1024 ? 20_000 : 500;
                Map<String, Object> one = new Paired(() -> sink += bench.raw() ? 1 : 0, bench::sdk, batch).run(3, seconds);
                one.put("a", "raw Mac + MessageDigest.isEqual (µs per call)");
                one.put("b", "SDK verify (µs per call)");
                one.put("ratioMeans", "SDK throughput / raw throughput (raw time / SDK time, per round)");
                figures.put(size + "/" + scheme, one);
            }
        }
        Results.write(out, figures);
    }
}
