package dev.verifykit.bench.coldstart;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's CPU time so far: the sum over its threads of {@code /proc/self/task/N/schedstat}. */
final class ProcessCpu {
    private ProcessCpu() {}

    /** Nanoseconds on a CPU, all threads (ended ones excluded); -1 where there is no /proc. */
    static long nanos() {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String line = Files.readString(task.resolve("schedstat"));
                    sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }
}
