package dev.verifykit.examples.cli;

import dev.verifykit.mock.MockServerMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code verifykit mock [--port N] [--host H] [settings…]}: the reference mock server, standalone,
 * until interrupted. Its flags are the standalone jar's ({@code verifykit mock --help}).
 */
@Command(name = "mock", description = "Run the reference mock server until interrupted; "
        + "'${COMMAND-FULL-NAME} --help' lists its flags. The first line printed is a JSON object with the base URLs "
        + "and the test credentials.")
public final class MockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> flags = new ArrayList<>();

    @Override
    public Integer call() {
        if (flags.contains("--help") || flags.contains("-h")) {
            return help();
        }
        // through picocli's writers, as every other command prints (an application embedding the
        // command line, or a test, sets them)
        int exitCode = MockServerMain.runUntilShutdown(flags.toArray(String[]::new),
                Output.stream(spec.commandLine().getOut()), Output.stream(spec.commandLine().getErr()));
        // ended by an interrupt of its thread (it keeps the flag): as every other command, 130 (README's exit codes)
        return exitCode == 0 && Thread.currentThread().isInterrupted() ? ErrorReport.INTERRUPTED : exitCode;
    }

    /** The standalone server's help, with this command in its usage line. */
    private int help() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exitCode = MockServerMain.runUntilShutdown(new String[] {"--help"},
                new PrintStream(text, true, StandardCharsets.UTF_8), Output.stream(spec.commandLine().getErr()));
        String usage = text.toString(StandardCharsets.UTF_8);
        spec.commandLine().getOut().print(usage.replaceFirst("^Usage: [^\\n]*",
                Matcher.quoteReplacement("Usage: " + spec.qualifiedName() + " [flags]")));
        spec.commandLine().getOut().flush();
        return exitCode;
    }
}
