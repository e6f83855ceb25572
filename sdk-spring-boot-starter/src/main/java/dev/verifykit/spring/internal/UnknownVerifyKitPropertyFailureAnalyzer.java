package dev.verifykit.spring.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports {@code verifykit.*} properties the starter has no setting for (a misspelt name, which
 * would otherwise be ignored and leave a default, or no credential, in its place) by their names
 * only. Spring Boot's own report of unbound properties shows their values too, and a misspelt
 * {@code api-key} or {@code secret} holds a secret, so this analyzer comes first. A list's element
 * left unbound (the list numbered from 1, or with a gap: {@code secrets[1]} without {@code secrets[0]})
 * is reported with that rule beside the name's: the setting may exist, its numbering wrong.
 */
public final class UnknownVerifyKitPropertyFailureAnalyzer
        extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> implements Ordered {
    /** An element of a list, {@code name[1]} or {@code name.1}: the list's name and the index. */
    private static final Pattern ELEMENT = Pattern.compile("(.+?)(?:\\[[0-9]+\\]|\\.[0-9]+)");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
        List<String> names = cause.getUnboundProperties().stream().map(p -> p.getName().toString()).sorted().toList();
        if (names.isEmpty() || !names.stream().allMatch(name -> name.startsWith("verifykit."))) {
            return null; // not ours alone: Spring Boot's report
        }
        List<String> lists = names.stream().map(ELEMENT::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .distinct().toList();
        if (lists.size() == 1 && names.stream().allMatch(name -> ELEMENT.matcher(name).matches())) {
            return new FailureAnalysis("VerifyKit could not be configured: " + String.join(", ", names)
                    + " could not be bound (values not shown): the elements of a list are numbered from 0, without"
                    + " gaps, under the name of one of its list settings.", "Number the elements of " + lists.get(0)
                    + " from 0 without gaps, or correct its name, in the application's configuration (the settings are"
                    + " listed in the starter's configuration metadata, which IDEs complete from).", cause);
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
