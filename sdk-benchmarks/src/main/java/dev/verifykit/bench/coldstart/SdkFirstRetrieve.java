package dev.verifykit.bench.coldstart;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;

/**
 * One side of {@link ColdStart}: a fresh JVM that builds a {@code DockClient} with default settings
 * and reads one session. Prints {@code done} once the read completed, then the process's CPU time.
 *
 * <p>Arguments: Dock base URL, API key, session id.
 */
public final class SdkFirstRetrieve {
    private SdkFirstRetrieve() {}

    public static void main(String[] args) {
        try (DockClient dock = DockClient.builder().apiKey(args[1]).baseUrl(args[0]).build()) {
            DockSession session = dock.sessions().retrieve(args[2]);
            if (!session.isCompleted()) {
                throw new IllegalStateException("the session read was not completed: " + session.status().raw());
            }
            System.out.println("done");
            System.out.println("cpuNanos " + ProcessCpu.nanos());
        }
    }
}
