package dev.verifykit.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * How a value the integrator builds and hands to the SDK is written (settings, options and
 * parameters): as a {@link Model}, an abstract class declaring its accessors whose implementation
 * and builder Immutables generates, but with every rule, required fields and nulls included, in the
 * class's own {@link Value.Check} method, which {@code build()} runs, so that every refusal is a
 * {@code ValidationException} naming the field. A setter stores what it is given: {@code null} for
 * an {@code Optional} field leaves it unset.
 *
 * <pre>{@code
 * @Input
 * @Value.Immutable
 * public abstract class StreamSettings {
 *     @Value.Default
 *     public int maxConsecutiveFailures() { return 3; }
 *
 *     @Value.Check
 *     void check() { Require.between("maxConsecutiveFailures", maxConsecutiveFailures(), 1, 100); }
 *
 *     public static Builder builder() { return new Builder(); }
 *     public static final class Builder extends StreamSettingsValue.Builder {}
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        typeImmutable = "*Value",
        toBuilder = "toBuilder",
        defaults = @Value.Immutable(copy = false),
        validationMethod = Value.Style.ValidationMethod.NONE,
        optionalAcceptNullable = true,
        jdkOnly = true)
public @interface Input {}
