package dev.verifykit.examples;

import dev.verifykit.examples.cli.DockCommand;
import dev.verifykit.examples.cli.DokaiCommand;
import dev.verifykit.examples.cli.ErrorReport;
import dev.verifykit.examples.cli.HelpCommand;
import dev.verifykit.examples.cli.MockCommand;
import dev.verifykit.examples.cli.RobloxCommand;
import dev.verifykit.examples.cli.WebhookCommand;
import dev.verifykit.examples.demo.Demo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code verifykit}: the demo and a command line for each service, the webhook verifier and the mock
 * server. Exit codes: 0 done, 1 refused or failed, 2 bad usage, 130 interrupted, 143
 * terminated (listed by {@code --help}).
 */
@Command(name = "verifykit", mixinStandardHelpOptions = true, versionProvider = VerifyKitCli.Version.class,
        description = "VerifyKit: Dock, the Roblox code-verification RPC and Dokai from the command line.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:a request refused or failed, a webhook delivery refused, a demo flow failed",
            "2:bad usage: a flag or value, a value the client refuses before sending, a missing credential or file",
            "130:interrupted (Ctrl-C)", "143:terminated (SIGTERM)"},
        subcommands = {Demo.class, DockCommand.class, RobloxCommand.class, DokaiCommand.class, WebhookCommand.class,
            MockCommand.class, HelpCommand.class})
public final class VerifyKitCli {
    /** The system property the {@code ./verifykit} launcher sets to the command it was run as. */
    public static final String LAUNCHER_PROPERTY = "verifykit.launcher";

    private final boolean onTerminal;

    private VerifyKitCli(boolean onTerminal) {
        this.onTerminal = onTerminal;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with one-line errors and the exit codes above. */
    public static CommandLine commandLine() {
        return commandLine(standardErrorIsATerminal());
    }

    /**
     * Whether standard error, where progress goes, is a terminal: on Linux, what its descriptor
     * names ({@code /dev/pts/…}, {@code /dev/tty…}); elsewhere, whether the JVM has a console.
     * {@link System#console()} alone answers for standard input and output, not standard error: a
     * log of standard error got escape codes, and {@code --json > out.json} on a terminal plain lines.
     */
    static boolean standardErrorIsATerminal() {
        Path descriptor = Path.of("/proc/self/fd/2");
        if (!Files.isDirectory(descriptor.getParent())) {
            return System.console() != null;
        }
        try {
            String target = Files.readSymbolicLink(descriptor).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * The command line, named as the launcher that runs it calls itself.
     *
     * @param onTerminal whether standard error is a terminal, where progress is redrawn in place
     */
    public static CommandLine commandLine(boolean onTerminal) {
        CommandLine cli = new CommandLine(new VerifyKitCli(onTerminal));
        cli.setCommandName(System.getProperty(LAUNCHER_PROPERTY, "verifykit"));
        // a value is taken as written: picocli would read "@name" as the contents of a file called
        // name, so that a client id such as "@alice" became whatever that file held, unmasked in errors
        cli.setExpandAtFiles(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --plan premium as --plan PREMIUM
        cli.getSubcommands().values().forEach(VerifyKitCli::listSubcommandsByName);
        addHelpOption(cli.getCommandSpec());
        cli.setExecutionExceptionHandler((e, command, parsed) -> ErrorReport.failure(e, command,
                parsed.originalArgs().toArray(String[]::new)));
        cli.setParameterExceptionHandler(ErrorReport::usage);
        return cli;
    }

    /** Whether the command line {@code command} belongs to runs on a terminal. */
    public static boolean onTerminal(CommandSpec command) {
        return command.root().userObject() instanceof VerifyKitCli root ? root.onTerminal : standardErrorIsATerminal();
    }

    /** {@code -h}/{@code --help} on every command but those that pass their arguments on (mock). */
    private static void addHelpOption(CommandSpec spec) {
        if (spec.findOption("--help") == null && !(spec.userObject() instanceof MockCommand)) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).filter(sub -> sub.parent() == spec)
                .forEach(VerifyKitCli::addHelpOption);
    }

    /** Lists a command's subcommands by name, in its help and its subcommands' (methods have no declared order). */
    private static void listSubcommandsByName(CommandLine command) {
        command.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                help -> help.commandList(new TreeMap<>(help.subcommands())));
        command.getSubcommands().values().forEach(VerifyKitCli::listSubcommandsByName);
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
