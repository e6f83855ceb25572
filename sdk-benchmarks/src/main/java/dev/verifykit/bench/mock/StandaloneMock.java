package dev.verifykit.bench.mock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference mock running standalone ({@code MockServerMain}) in a process of its own, on this
 * JVM's class path, so that the benchmark's own process measures only the client: its URLs read from
 * the line it prints first, the rest of its output drained so that the pipe never fills.
 */
public final class StandaloneMock implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("\"(dock|control)\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HELD = Pattern.compile("\"heldLongPolls\"\\s*:\\s*(\\d+)");

    private final Process process;
    private final String dockUrl;
    private final String controlUrl;

    private StandaloneMock(Process process, String dockUrl, String controlUrl) {
        this.process = process;
        this.dockUrl = dockUrl;
        this.controlUrl = controlUrl;
    }

    /** Starts the mock on a free port with {@code settings} (its command-line options). */
    public static StandaloneMock start(String... settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.verifykit.mock.MockServerMain", "--port", "0"));
        command.addAll(List.of(settings));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = reader.readLine();
        String dock = null;
        String control = null;
        for (Matcher m = URL.matcher(line == null ? "" : line); m.find(); ) {
            if (m.group(1).equals("dock")) {
                dock = m.group(2);
            } else {
                control = m.group(2);
            }
        }
        if (dock == null || control == null) {
            process.destroy();
            throw new IllegalStateException("the mock did not print its URLs: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (reader.readLine() != null) {
                    // keep the pipe from filling up
                }
            } catch (IOException ignored) {
                // the mock ended
            }
        }, "mock-stdout");
        drain.setDaemon(true);
        drain.start();
        return new StandaloneMock(process, dock, control);
    }

    public String dockUrl() {
        return dockUrl;
    }

    public String controlUrl() {
        return controlUrl;
    }

    /** The long-polls the mock holds, read from its control plane's {@code /dock/stats} answer; 0 when absent. */
    public static int heldLongPolls(String dockStats) {
        Matcher m = HELD.matcher(dockStats);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
