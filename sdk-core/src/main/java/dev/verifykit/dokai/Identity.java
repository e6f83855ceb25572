package dev.verifykit.dokai;

import dev.verifykit.internal.Model;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the document says about its holder. Personal data: keep it out of logs; {@code toString()}
 * shows neither the name nor the number. Fields the service adds that this version does not know
 * are kept in {@link #additionalProperties()}.
 *
 * <pre>{@code
 * session.identity().flatMap(Identity::name).ifPresent(account::setLegalName);
 * }</pre>
 *
 * <p>In your own tests: {@code Identity.builder().name("A. Example").idNumber("X1").build()}.
 */
@Model
@Value.Immutable
public abstract class Identity {
    Identity() {}

    /** A builder; every field is optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this identity's values. */
    public abstract Builder toBuilder();

    /** The holder's name as printed. */
    @Value.Redacted
    public abstract Optional<String> name();

    /** The document number. */
    @Value.Redacted
    public abstract Optional<String> idNumber();

    /** Fields the service sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Builds an {@link Identity}, for your tests and fakes. */
    public static final class Builder extends IdentityValue.Builder {
        Builder() {}
    }
}
