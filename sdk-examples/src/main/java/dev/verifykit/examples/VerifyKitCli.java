package dev.verifykit.examples;

import dev.verifykit.error.ApiException;
import dev.verifykit.error.ValidationException;
import dev.verifykit.error.VerifyKitException;
import dev.verifykit.examples.cli.DockCommand;
import dev.verifykit.examples.cli.DokaiCommand;
import dev.verifykit.examples.cli.MockCommand;
import dev.verifykit.examples.cli.RobloxCommand;
import dev.verifykit.examples.cli.WebhookCommand;
import dev.verifykit.examples.demo.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code verifykit}: the demo and a command line for each service, the webhook verifier and the mock
 * server. Exit codes: 0 done, 1 refused or failed, 2 bad usage.
 */
@Command(name = "verifykit", mixinStandardHelpOptions = true, versionProvider = VerifyKitCli.Version.class,
        description = "VerifyKit: Dock, the Roblox code-verification RPC and Dokai from the command line.",
        subcommands = {Demo.class, DockCommand.class, RobloxCommand.class, DokaiCommand.class, WebhookCommand.class,
            MockCommand.class, CommandLine.HelpCommand.class})
public final class VerifyKitCli {
    /** Refused or failed. */
    public static final int FAILED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with one-line errors and the exit codes above. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VerifyKitCli());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + describe(e));
            return FAILED;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("(see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        return cli;
    }

    private static String describe(Exception e) {
        if (e instanceof ValidationException || e instanceof ApiException || e instanceof VerifyKitException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = VerifyKitCli.class.getPackage().getImplementationVersion();
            return new String[] {"verifykit " + (version == null ? "(development)" : version)};
        }
    }
}
