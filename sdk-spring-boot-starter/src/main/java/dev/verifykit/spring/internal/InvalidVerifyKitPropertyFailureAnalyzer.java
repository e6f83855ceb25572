package dev.verifykit.spring.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a refused {@code verifykit.*} setting at startup: which property, which rule, what to do. */
public final class InvalidVerifyKitPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidVerifyKitPropertyException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidVerifyKitPropertyException cause) {
        String description = "VerifyKit could not be configured: " + cause.property() + " " + cause.rule() + ".";
        String action = cause.property().startsWith("verifykit.")
                ? "Change " + cause.property() + " in the application's configuration."
                : "Change " + cause.property() + ".";
        return new FailureAnalysis(description, action, cause);
    }
}
