package dev.verifykit.spring.internal;

import java.util.List;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports {@code verifykit.*} properties the starter has no setting for (a misspelt name, which
 * would otherwise be ignored and leave a default, or no credential, in its place) by their names
 * only. Spring Boot's own report of unbound properties shows their values too, and a misspelt
 * {@code api-key} or {@code secret} holds a secret, so this analyzer comes first.
 */
public final class UnknownVerifyKitPropertyFailureAnalyzer
        extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        List<String> names = cause.getUnboundProperties().stream().map(p -> p.getName().toString()).sorted().toList();
        if (names.isEmpty() || !names.stream().allMatch(name -> name.startsWith("verifykit."))) {
            return null; // not ours alone: Spring Boot's report
        }
        return new FailureAnalysis("VerifyKit could not be configured: it has no setting named " + String.join(", ", names)
                + " (values not shown).", "Correct the name in the application's configuration (the settings are"
                + " listed in the starter's configuration metadata, which IDEs complete from).", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
