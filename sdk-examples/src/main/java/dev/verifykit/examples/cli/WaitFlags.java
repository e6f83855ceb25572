package dev.verifykit.examples.cli;

import dev.verifykit.examples.Progress;
import dev.verifykit.poll.WaitOptions;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every {@code wait} command takes: a timeout, and progress on standard error. */
public final class WaitFlags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--timeout", description = "Give up after this long (ISO-8601, e.g. PT2M).")
    Duration timeout;

    /** Progress on standard error, labelled; call {@link Progress#done()} when the wait is over. */
    Progress progress(String label) {
        return Progress.to(spec.commandLine().getErr(), label);
    }

    WaitOptions options(Progress progress) {
        WaitOptions.Builder options = WaitOptions.builder().listener(progress);
        if (timeout != null) {
            options.timeout(timeout);
        }
        return options.build();
    }
}
