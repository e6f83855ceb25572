package dev.verifykit.dokai;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * The liveness check of the selfie: overall, and per named check.
 *
 * <pre>{@code
 * session.liveness().ifPresent(l -> l.texture().ifPresent(t -> metrics.record("texture", t)));
 * }</pre>
 *
 * @param passed whether liveness passed
 * @param score the overall score, 0 to 1
 * @param checks every check's score by name: {@code texture}, {@code frequency}, {@code reflection},
 *     {@code sharpness}, {@code color}, and any the service adds
 */
public record Liveness(boolean passed, double score, Map<String, Double> checks) {
    /** Copies the checks; absent checks are an empty map. */
    public Liveness {
        checks = checks == null ? Map.of() : Map.copyOf(checks);
    }

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
        Double value = checks.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
