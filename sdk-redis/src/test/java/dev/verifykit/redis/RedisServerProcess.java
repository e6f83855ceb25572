package dev.verifykit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} run by the tests: the one on the PATH when there is one (e.g.
 * Debian's), else the binary shipped in the embedded-redis jar. Listens on 127.0.0.1 only, keeps
 * nothing on disk, and can be stopped and started again on the same port. Shipped in this module's
 * test jar, for the benchmarks.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** The lowest port tried: above the well-known and most registered services' ports. */
    static final int FIRST_PORT = 20_000;

    private final Path binary;
    private final int port;
    private final List<String> options;
    private Process process;
    private boolean frozen;

    private RedisServerProcess(Path binary, int port, List<String> options) {
        this.binary = binary;
        this.port = port;
        this.options = options;
    }

    /**
     * Starts a server on a free port below the kernel's ephemeral range, so that {@link #startAgain()}
     * finds it free: a port of that range (what {@code new ServerSocket(0)} hands out) is also given to
     * the outgoing connections of every process on the machine, and one of them (or its TIME_WAIT)
     * holding it while Redis is stopped made the restart fail with "Address already in use". A port
     * another process has just taken is skipped: another one is tried.
     */
    public static RedisServerProcess start() throws IOException {
        return start(binary());
    }

    /**
     * {@link #start()} with {@code binary} run with {@code options} on top of this class's own
     * (e.g. {@code "--lua-replicate-commands", "no"}).
     */
    static RedisServerProcess start(Path binary, String... options) throws IOException {
        for (int attempt = 1; ; attempt++) {
            RedisServerProcess server = new RedisServerProcess(binary, freePortBelowEphemeral(), List.of(options));
            try {
                server.startAgain();
                return server;
            } catch (IOException e) {
                if (attempt == 5 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A port free now and below the ephemeral range (Linux's {@code ip_local_port_range}; where that
     * cannot be read, below 32768, where the usual ranges start).
     */
    static int freePortBelowEphemeral() throws IOException {
        int below = ephemeralStart();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(FIRST_PORT, below);
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // in use: another
            }
        }
        throw new IOException("no free port in " + FIRST_PORT + ".." + (below - 1));
    }

    /** The first port of the kernel's ephemeral range. */
    static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            if (start > FIRST_PORT + 1_000) {
                return start;
            }
        } catch (IOException | RuntimeException notLinux) {
            // the common default
        }
        return 32_768;
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** The redis-server to run: the PATH's, else the embedded jar's. */
    public static Path binary() throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return ExecutableProvider.newJarResourceProvider().get().toPath();
    }

    /** Starts the server (again), returning once it accepts connections. */
    public synchronized void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = lines.readLine()) != null) {
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    } else if (!ready.isDone() && seen.length() < 4_000) {
                        seen.append(line).append('\n');
                    }
                }
                ready.completeExceptionally(new IOException("redis-server ended before it was ready:\n" + seen));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "redis-server-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("redis-server did not start on port " + port, e);
        }
    }

    /**
     * Freezes the server ({@code SIGSTOP}) until the returned handle is closed ({@code SIGCONT}):
     * meanwhile it answers nothing, however long that is, and then runs what it was sent, each
     * connection's commands in order. Unlike {@code CLIENT PAUSE}, whose end can only be waited out
     * (and whose {@code CLIENT UNPAUSE} is itself paused), the test ends it as soon as it is done.
     * Unix only (it runs {@code kill}).
     */
    public synchronized Frozen freeze() throws IOException, InterruptedException {
        signal("STOP");
        // kill returns once the signal is sent; wait until the kernel has stopped the process
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (Files.isReadable(stat) && !stopped(Files.readString(stat))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server was not stopped by SIGSTOP");
            }
            Thread.sleep(1);
        }
        frozen = true;
        return this::thaw;
    }

    /** Whether a {@code /proc/<pid>/stat} line says the process is stopped. */
    private static boolean stopped(String stat) {
        String state = stat.substring(stat.lastIndexOf(')') + 1).trim();
        return state.startsWith("T");
    }

    private synchronized void thaw() throws IOException, InterruptedException {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill -" + name + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A {@link #freeze()}: closing it lets the server run again. */
    public interface Frozen extends AutoCloseable {
        @Override
        void close() throws IOException, InterruptedException;
    }

    /** Stops the server and waits until it is gone. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            if (frozen) {
                try {
                    thaw(); // a stopped process would take the SIGTERM only once continued
                } catch (IOException e) {
                    process.destroyForcibly();
                }
            }
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public int port() {
        return port;
    }

    public RedisURI uri() {
        return RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(5)).build();
    }

    public RedisClient client() {
        return RedisClient.create(uri());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
