package dev.verifykit.dokai;

import dev.verifykit.internal.Model;
import java.util.Map;
import org.immutables.value.Value;

/**
 * How the selfie compared with the document's photo. Fields the service adds that this version
 * does not know are kept in {@link #additionalProperties()}.
 *
 * <pre>{@code
 * session.faceMatch().ifPresent(f -> log.info("face {} ({} ≥ {})", f.matched(), f.score(), f.threshold()));
 * }</pre>
 *
 * <p>In your own tests: {@code FaceMatch.builder().matched(true).score(0.92).threshold(0.363).build()}.
 */
@Model
@Value.Immutable
public abstract class FaceMatch {
    FaceMatch() {}

    /** A builder; every field is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this comparison's values. */
    public abstract Builder toBuilder();

    /** Whether the faces match. */
    public abstract boolean matched();

    /** The similarity, 0 to 1. */
    public abstract double score();

    /** The score needed to match. */
    public abstract double threshold();

    /** Fields the service sent that this version does not know, as JSON values; left out of {@code toString()}. */
    @Model.AllowNulls
    @Value.Redacted
    public abstract Map<String, Object> additionalProperties();

    /** Builds a {@link FaceMatch}, for your tests and fakes. */
    public static final class Builder extends FaceMatchValue.Builder {
        Builder() {}
    }
}
