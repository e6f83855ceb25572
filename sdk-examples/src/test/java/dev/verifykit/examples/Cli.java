package dev.verifykit.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process, capturing what it prints and its exit code. */
final class Cli {
    record Run(int exitCode, String out, String err) {}

    private Cli() {}

    static Run run(String... args) {
        CommandLine cli = VerifyKitCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
