package dev.verifykit.examples;

import dev.verifykit.testing.Background;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** Runs the command line in-process, capturing what it prints and its exit code. */
final class Cli {
    record Run(int exitCode, String out, String err) {}

    private Cli() {}

    static Run run(String... args) {
        return run(VerifyKitCli.commandLine(), args);
    }

    /** As on a terminal: progress is drawn in place. */
    static Run onTerminal(String... args) {
        return run(VerifyKitCli.commandLine(true), args);
    }

    /** A command line running on another thread, whose output can be read while it runs. */
    static final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Run> run;

        private Running(CommandLine cli, String... args) {
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            run = Background.supply(() -> new Run(cli.execute(args), out.toString(), err.toString()));
        }

        /** Waits until the command has printed {@code text} (or ended), so a test acts after that point. */
        void awaitOutput(String text, Duration timeout) throws InterruptedException {
            long giveUp = System.nanoTime() + timeout.toNanos();
            while (!out.toString().contains(text) && !run.isDone()) {
                if (System.nanoTime() - giveUp >= 0) {
                    throw new AssertionError("the command did not print \"" + text + "\" within " + timeout + ": " + out);
                }
                Thread.sleep(10);
            }
        }

        /** What the command has printed so far. */
        String out() {
            return out.toString();
        }

        Run result(Duration timeout) throws Exception {
            return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Starts the command line in-process on another thread. */
    static Running start(String... args) {
        return new Running(VerifyKitCli.commandLine(), args);
    }

    private static Run run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * Runs the command line in a new JVM whose environment has no VerifyKit variable but those
     * given, for the flags whose default is a variable.
     */
    static Run withEnvironment(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VerifyKitCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("DOCK_") || name.startsWith("DOKAI_")
                || name.startsWith("ROBLOX_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command line did not end: " + command);
        }
        return new Run(process.exitValue(), out.get(), err.get());
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return Background.supply(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
