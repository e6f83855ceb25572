package dev.verifykit.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static String sections(Path dir) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Report.main(new String[] {"--sections", dir.toString()});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String kind(double p99, int failures) {
        return "{\"count\": 150, \"min\": 0.2, \"p10\": 0.4, \"median\": 0.7, \"p90\": 1.1, \"p99\": " + p99
                + ", \"max\": 9.0, \"mean\": 0.8, \"failures\": " + failures + "}";
    }

    @Test
    void completionLatencyWithFailedWaitsIsNotMetInItsSection() throws Exception {
        // 50 of 200 long-poll waits failed: the percentiles are those of the 150 that saw their completion
        Path dir = Files.createTempDirectory("report");
        Files.writeString(dir.resolve("completion-latency.json"), "{\"windowSeconds\": 90, \"sessionsPerKind\": 200,"
                + " \"guardrails\": \"documented\", \"latencyMs\": {\"longpoll\": " + kind(4.0, 50) + ", \"sse\": "
                + kind(4.0, 0) + ", \"naive\": " + kind(1990, 0) + "}}");

        String out = sections(dir);

        String row = out.lines().filter(l -> l.startsWith("| long-poll wait | 150 |")).findFirst().orElseThrow();
        assertThat(row).doesNotEndWith("| met |").contains("missed");
        assertThat(out).contains("| long-poll wait completion p99 ≤ 25 ms | p99 4.00 ms (median 0.70, max 9.00) | **no** |");
        assertThat(out.lines().filter(l -> l.startsWith("| SSE wait | 150 |")).findFirst().orElseThrow())
                .endsWith("| met |");
    }
}
