package dev.verifykit.bench.latency;

import com.sun.management.ThreadMXBean;
import dev.verifykit.bench.jmh.RetrieveBenchmark;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Bytes allocated per Dock read by the calling thread alone, SDK and hand-written (the reads of
 * {@link RetrieveBenchmark}): JMH's {@code -prof gc} counts every thread of the JVM, the canned
 * server's included, whose share moves from run to run; this figure does not depend on the
 * machine's load. Prints the median of five rounds for each side, two passes each (the second is
 * the steady state).
 *
 * <p>Arguments: warm-up reads per pass (default 10,000), reads per round (default 2,000).
 */
public final class RetrieveAllocation {
    private RetrieveAllocation() {}

    public static void main(String[] args) throws IOException {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        RetrieveBenchmark bench = new RetrieveBenchmark();
        bench.setUp();
        try {
            for (int pass = 1; pass <= 2; pass++) {
                for (boolean sdk : new boolean[] {true, false}) {
                    for (int i = 0; i < warm; i++) {
                        read(bench, sdk);
                    }
                    long[] perRead = new long[5];
                    for (int round = 0; round < perRead.length; round++) {
                        long before = threads.getThreadAllocatedBytes(thread);
                        for (int i = 0; i < reads; i++) {
                            read(bench, sdk);
                        }
                        perRead[round] = (threads.getThreadAllocatedBytes(thread) - before) / reads;
                    }
                    Arrays.sort(perRead);
                    System.out.printf("pass %d, %s: %d bytes per read on the calling thread (median; %d - %d)%n", pass,
                            sdk ? "SDK" : "hand-written", perRead[2], perRead[0], perRead[4]);
                }
            }
        } finally {
            bench.tearDown();
        }
    }

    private static Object read(RetrieveBenchmark bench, boolean sdk) throws IOException {
        return sdk ? bench.sdk() : bench.handWritten();
    }
}
