package dev.verifykit.dokai;

import dev.verifykit.internal.Model;
import dev.verifykit.internal.ModelText;
import java.util.Map;
import java.util.OptionalDouble;
import org.immutables.value.Value;

/**
 * The liveness check of the selfie: overall, and per named check. Fields the service adds that
 * this version does not know are kept in {@link #additionalProperties()}.
 *
 * <pre>{@code
 * session.liveness().ifPresent(l -> l.texture().ifPresent(t -> metrics.record("texture", t)));
 * }</pre>
 *
 * <p>In your own tests: {@code Liveness.builder().passed(true).score(0.78).putChecks("texture", 0.85).build()}.
 */
@Model
@Value.Immutable
public abstract class Liveness {
    Liveness() {}

    /** A builder; {@code passed} and {@code score} are required, the checks are empty unless put. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this check's values. */
    public abstract Builder toBuilder();

    /** Whether liveness passed. */
    public abstract boolean passed();

    /** The overall score, 0 to 1. */
    public abstract double score();

    /**
     * Every check's score by name: {@code texture}, {@code frequency}, {@code reflection},
     * {@code sharpness}, {@code color}, and any the service adds.
     */
    public abstract Map<String, Double> checks();

    /** Fields the service sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** The texture check. */
    public OptionalDouble texture() {
        return check("texture");
    }

    /** The frequency check. */
    public OptionalDouble frequency() {
        return check("frequency");
    }

    /** The reflection check. */
    public OptionalDouble reflection() {
        return check("reflection");
    }

    /** The sharpness check. */
    public OptionalDouble sharpness() {
        return check("sharpness");
    }

    /** The color check. */
    public OptionalDouble color() {
        return check("color");
    }

    /** A check by name. */
    public OptionalDouble check(String name) {
        Double value = checks().get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** Its fields, as Immutables prints them, with the checks' names (a server's text) escaped. */
    @Override
    public String toString() {
        return ModelText.of("Liveness", "passed", passed(), "score", score(), "checks", checks(),
                "additionalProperties", ModelText.REDACTED);
    }

    /** Builds a {@link Liveness}, for your tests and fakes. */
    public static final class Builder extends LivenessValue.Builder {
        Builder() {}
    }
}
