package dev.verifykit.bench.latency;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a run's figures as JSON, and samples the process's resources. */
public final class Results {
    private static final JsonAdapter<Map<String, Object>> MAP = new Moshi.Builder().build()
            .<Map<String, Object>>adapter(Types.newParameterizedType(Map.class, String.class, Object.class))
            .indent("  ");

    private Results() {}

    public static void write(Path file, Map<String, Object> figures) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, MAP.toJson(figures) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(MAP.toJson(figures));
    }

    /** The figures {@link #write} wrote to {@code file}. */
    static Map<String, Object> read(Path file) {
        try {
            return MAP.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code kB} line of {@code /proc/self/status} (VmHWM, VmRSS), in MiB; -1 when unreadable. */
    static double procStatusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Samples used heap every few milliseconds on a daemon thread; {@link #peakMiB()} is the highest seen. */
    static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;

        HeapSampler start() {
            // The pools are looked up once: each lookup builds JMX names, and a sampler that makes
            // garbage every 10 ms inflates the heap (and RSS) it is measuring.
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .toList();
            Thread thread = new Thread(() -> {
                while (running) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : heapPools) {
                        used += pool.getUsage().getUsed();
                    }
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        void stop() {
            running = false;
        }

        double peakMiB() {
            return peak.get() / (1024.0 * 1024.0);
        }
    }
}
