package dev.verifykit.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * How a public model is written: an abstract class declaring its accessors, whose implementation
 * ({@code <Model>Value}, package-private) and builder Immutables generates at compile time, with
 * {@code toBuilder()}. The model's own {@code Builder extends <Model>Value.Builder} is its public
 * builder; fields marked {@link Value.Redacted} show as {@code [REDACTED]} in {@code toString()}.
 *
 * <pre>{@code
 * @Model
 * @Value.Immutable
 * public abstract class RobloxUser {
 *     public abstract String robloxUserId();
 *     public static Builder builder() { return new Builder(); }
 *     public abstract Builder toBuilder();
 *     public static final class Builder extends RobloxUserValue.Builder {}
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
        redactedMask = "[REDACTED]",
        jdkOnly = true)
public @interface Model {
    /** Marks a field that may be absent but is not an {@code Optional} (the service may leave it out). */
    @Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.CLASS)
    @interface Nullable {}

    /** Marks a map whose values may be JSON {@code null} (the additional properties). */
    @Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.CLASS)
    @interface AllowNulls {}
}
