package dev.verifykit.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code verifykit help [COMMAND [SUBCOMMAND…]]}: the help of the command named, however deep
 * ({@code help dock create}). picocli's own help command reads one name only and showed the help of
 * {@code dock} for {@code help dock create}.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'help dock create'.")
public final class HelpCommand implements IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, then its subcommand, and so on.")
    List<String> names = new ArrayList<>();

    private CommandLine self;
    private Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter outWriter,
            PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public void run() {
        CommandLine shown = self.getParent();
        for (String name : names) {
            CommandLine sub = shown.getSubcommands().get(name);
            if (sub == null || sub == self) {
                throw new UnmatchedArgumentException(self, List.of(name)); // reported as an unknown word, never quoted whole
            }
            shown = sub;
        }
        shown.usage(out, colors);
        out.flush();
    }
}
