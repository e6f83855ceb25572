package dev.verifykit.bench.latency;

import dev.verifykit.bench.jmh.WebhookBenchmark;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook comparison of {@link WebhookBenchmark} (same bytes, same verifier, same raw
 * {@code Mac}), measured {@link Paired paired}: for each body size and scheme, batches of raw
 * verifications and SDK verifications alternate, so that the ratio (SDK throughput / raw
 * throughput, the raw side's time per call over the SDK's) is not at the mercy of drift. With
 * several JVMs, each runs every case for its share of the time in turn (after
 * {@value #JVM_WARMUP_SECONDS} s of warm-up per case) and {@link Paired#combine} puts each case's
 * runs together, its interval across the JVMs.
 *
 * <p>Arguments: output file, seconds of measurement per case (default 10; 3 more of warm-up), JVMs
 * (default 1: in this one).
 */
public final class WebhookPaired {
    static final int JVM_WARMUP_SECONDS = 3;

    private WebhookPaired() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jvm")) {
            Results.write(Path.of(args[1]), inProcess(Integer.parseInt(args[3]), Integer.parseInt(args[2])));
            return;
        }
        Args arguments = new Args(args);
        Path out = arguments.out("webhook-paired.json");
        int seconds = arguments.number(1, 10);
        int jvms = arguments.number(2, 1);
        if (jvms == 1) {
            Results.write(out, inProcess(3, seconds));
            return;
        }
        List<Map<String, Object>> runs = Paired.inJvms(WebhookPaired.class, jvms,
                String.valueOf(Math.max(1, seconds / jvms)), String.valueOf(JVM_WARMUP_SECONDS));
        Map<String, Object> figures = new LinkedHashMap<>();
        for (String key : runs.get(0).keySet()) {
            List<Map<String, Object>> each = new ArrayList<>();
            for (Map<String, Object> run : runs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> one = (Map<String, Object>) run.get(key);
                each.add(one);
            }
            Map<String, Object> one = Paired.combine(each);
            one.put("jvmWarmupSeconds", JVM_WARMUP_SECONDS);
            labels(one);
            figures.put(key, one);
        }
        Results.write(out, figures);
    }

    private static Map<String, Object> inProcess(int warmupSeconds, int seconds) throws GeneralSecurityException {
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
                // each side checks its answer as the SDK's verify does (throwing on a mismatch), and
                // nothing more: a volatile write on the raw side alone made it the slower by a few ns a call
                Map<String, Object> one = new Paired(() -> {
                    if (!bench.raw()) {
                        throw new IllegalStateException("the raw HMAC does not match");
                    }
                }, bench::sdk, batch).run(warmupSeconds, seconds);
                labels(one);
                figures.put(size + "/" + scheme, one);
            }
        }
        return figures;
    }

    private static void labels(Map<String, Object> one) {
        one.put("a", "raw Mac + MessageDigest.isEqual (µs per call)");
        one.put("b", "SDK verify (µs per call)");
        one.put("ratioMeans", "SDK throughput / raw throughput (raw time / SDK time, per round)");
    }
}
