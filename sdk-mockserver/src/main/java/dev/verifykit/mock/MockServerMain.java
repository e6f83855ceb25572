package dev.verifykit.mock;

import dev.verifykit.mock.internal.settings.FlagType;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The standalone mock server: {@code java -jar verifykit-mockserver-VERSION-all.jar [flags]}.
 * The first line on stdout is one JSON object with the base URLs and the test credentials; the
 * server runs until SIGINT or SIGTERM. A bad flag prints one line on stderr and exits with 2.
 *
 * <pre>{@code
 * $ java -jar verifykit-mockserver-0.1.0-all.jar --port 8089 --dock-session-lifetime 30s
 * {"dock":"http://127.0.0.1:8089/dock","roblox":"http://127.0.0.1:8089/roblox",...}
 * }</pre>
 */
public final class MockServerMain {

    private static final Logger MOCKWEBSERVER_LOG = Logger.getLogger("mockwebserver3.MockWebServer");

    private MockServerMain() {
    }

    /**
     * Parses the flags (see {@code --help}), starts the server, prints the startup line and waits
     * for the process to be stopped.
     *
     * @param args the command-line flags
     */
    public static void main(String[] args) {
        int code = runUntilShutdown(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * What {@link #main} does, returning the exit code instead of exiting: serves until the
     * process is stopped (SIGINT or SIGTERM), or until the calling thread is interrupted (then it
     * returns with the server closed, the thread still interrupted), for launchers that embed the
     * standalone server.
     *
     * @return 0 after serving (or after {@code --help}), 1 when the server could not start, 2 for bad flags
     */
    public static int runUntilShutdown(String[] args, PrintStream out, PrintStream err) {
        MOCKWEBSERVER_LOG.setLevel(Level.WARNING);
        return run(args, out, err, MockServerMain::serveUntilShutdown);
    }

    static int run(String[] args, PrintStream out, PrintStream err, Consumer<MockServer> serve) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + FlagType.printable(String.valueOf(e.getMessage()))); // a value quoted as given (a rule over two lines)
            return 2;
        }
        if (commandLine.help()) {
            out.print(CommandLine.usage());
            out.flush();
            return 0;
        }
        MockServer server;
        try {
            server = MockServer.start(commandLine.settings());
        } catch (UncheckedIOException e) {
            err.println("error: " + FlagType.printable(e.getMessage() + ": " + e.getCause().getMessage()));
            return 1;
        }
        try (server) {
            out.println(server.startupJson());
            out.flush();
            serve.accept(server);
        }
        return 0;
    }

    /**
     * Serves until the JVM shuts down, or until the serving thread is interrupted (a launcher that
     * embeds the server ends it so): then the shutdown hook goes too, holding the closed server no longer.
     */
    private static void serveUntilShutdown(MockServer server) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "verifykit-mock-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is shutting down meanwhile: its hook closes the server too (a second close does nothing)
            }
        }
    }
}
