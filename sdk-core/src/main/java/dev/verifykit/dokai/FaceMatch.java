package dev.verifykit.dokai;

/**
 * How the selfie compared with the document's photo.
 *
 * <pre>{@code
 * session.faceMatch().ifPresent(f -> log.info("face {} ({} ≥ {})", f.matched(), f.score(), f.threshold()));
 * }</pre>
 *
 * @param matched whether the faces match
 * @param score the similarity, 0 to 1
 * @param threshold the score needed to match
 */
public record FaceMatch(boolean matched, double score, double threshold) {}
