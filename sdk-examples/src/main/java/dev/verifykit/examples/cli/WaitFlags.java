package dev.verifykit.examples.cli;

import dev.verifykit.examples.HumanDuration;
import dev.verifykit.examples.Progress;
import dev.verifykit.examples.VerifyKitCli;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every {@code wait} command takes: a timeout, and progress on standard error. */
public final class WaitFlags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--timeout", converter = HumanDuration.class,
            description = "Give up after this long, e.g. 90s or 5m (default: when the session ends).")
    Duration timeout;

    /**
     * Runs a wait, showing its progress labelled {@code label}; the progress line is ended however
     * the wait ends, so that a result or an error starts on a line of its own.
     */
    <T> T await(String label, Function<WaitOptions, T> wait) {
        Progress progress = new Progress(spec.commandLine().getErr(), VerifyKitCli.onTerminal(spec), label);
        WaitOptions.Builder options = WaitOptions.builder().listener(progress);
        if (timeout != null) {
            options.timeout(timeout);
        }
        try {
            return wait.apply(options.build());
        } finally {
            progress.done();
        }
    }
}
