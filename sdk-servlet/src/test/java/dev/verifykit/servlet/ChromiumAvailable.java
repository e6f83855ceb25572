package dev.verifykit.servlet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the real-browser tests when Debian's {@code chromium} and {@code chromium-driver} are
 * installed; skips them otherwise, saying so in one line on the console (once per test JVM). With
 * {@code VERIFYKIT_BROWSER_TESTS=required} in the environment (CI sets it) or
 * {@code -Dverifykit.browserTests=required} they always run, so a missing browser fails them
 * instead of skipping them. The paths can be changed with {@code -Dverifykit.chromium=...} and
 * {@code -Dverifykit.chromedriver=...}.
 */
public final class ChromiumAvailable implements ExecutionCondition {
    static final Path CHROMIUM = Path.of(System.getProperty("verifykit.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("verifykit.chromedriver", "/usr/bin/chromedriver"));
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    static boolean required() {
        return "required".equals(System.getProperty("verifykit.browserTests"))
                || "required".equals(System.getenv("VERIFYKIT_BROWSER_TESTS"));
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (installed()) {
            return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
        }
        if (required()) {
            return ConditionEvaluationResult.enabled("required (VERIFYKIT_BROWSER_TESTS or -Dverifykit.browserTests): will fail without "
                    + CHROMIUM + " and " + CHROMEDRIVER);
        }
        String reason = "the real-browser tests did not run: " + CHROMIUM + " or " + CHROMEDRIVER
                + " is missing (apt-get install chromium chromium-driver)";
        if (TOLD.compareAndSet(false, true)) {
            System.out.println("verifykit-servlet: " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
