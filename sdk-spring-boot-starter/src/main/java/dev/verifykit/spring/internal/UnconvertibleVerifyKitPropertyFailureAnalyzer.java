package dev.verifykit.spring.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionException;

/**
 * Reports a {@code verifykit.*} property whose value cannot be converted to its setting's type (a
 * secret given to {@code verifykit.dokai.webhook.enabled} by a swapped line or variable) by its name,
 * the type and the values it takes, never the value. Spring Boot's own report of a failed binding
 * shows the value (as does the conversion's message), so this analyzer comes first; the cause it
 * gives the report (logged at DEBUG) is a copy naming the property, not the binding's own.
 */
public final class UnconvertibleVerifyKitPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException>
        implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.startsWith("verifykit.") || findCause(cause, ConversionException.class) == null) {
            return null; // not ours, or not a conversion (an unknown name, a refused value: their own reports)
        }
        Bindable<?> target = cause.getTarget();
        Class<?> type = target.getType().resolve(Object.class);
        // Spring Boot logs the analysis's cause at DEBUG: the binding's own quotes the value
        IllegalStateException shown = new IllegalStateException("Failed to bind " + name + " to " + type.getName()
                + " (value not shown)");
        shown.setStackTrace(cause.getStackTrace());
        return new FailureAnalysis("VerifyKit could not be configured: " + name + " could not be read as "
                + expected(type, target.getAnnotation(DurationUnit.class)) + " (value not shown).",
                "Change " + name + " in the application's configuration.", shown);
    }

    /**
     * What a value of {@code type} looks like; for a duration, the unit of a bare number is the setting's
     * {@code @DurationUnit} ({@code unit}, e.g. seconds for the webhook's tolerance), else Spring's milliseconds.
     */
    static String expected(Class<?> type, DurationUnit unit) {
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type == Duration.class) {
            ChronoUnit bare = unit == null ? ChronoUnit.MILLIS : unit.value();
            return "a duration (10s, 2m, PT10S; a bare number is "
                    + (bare == ChronoUnit.MILLIS ? "milliseconds" : bare.toString().toLowerCase(Locale.ROOT)) + ")";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
