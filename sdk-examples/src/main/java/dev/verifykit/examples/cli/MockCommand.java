package dev.verifykit.examples.cli;

import dev.verifykit.mock.MockServerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code verifykit mock [--port N] [--host H] [settings…]}: the reference mock server, standalone,
 * until interrupted. Its flags are the standalone jar's ({@code verifykit mock --help}).
 */
@Command(name = "mock", description = "Run the reference mock server until interrupted; "
        + "'verifykit mock --help' lists its flags. The first line printed is a JSON object with the base URLs "
        + "and the test credentials.")
public final class MockCommand implements Callable<Integer> {
    @Unmatched
    List<String> flags = new ArrayList<>();

    @Override
    public Integer call() {
        return MockServerMain.runUntilShutdown(flags.toArray(String[]::new), System.out, System.err);
    }
}
