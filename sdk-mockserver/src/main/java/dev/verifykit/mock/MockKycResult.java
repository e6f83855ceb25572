package dev.verifykit.mock;

import java.util.Objects;

/**
 * The scores and identity a finished Dokai session reports: {@code face_match}, {@code liveness}
 * and {@code identity} of the session object. A {@code null} component is sent as JSON
 * {@code null}. Start from the defaults of an outcome and replace what the test is about.
 *
 * <pre>{@code
 * MockKycResult livenessFailed = MockKycResult.defaults("unverified")
 *     .withFaceMatch(new MockKycResult.FaceMatch(true, 0.88, 0.363))
 *     .withLiveness(new MockKycResult.Liveness(false, 0.12,
 *             new MockKycResult.Checks(0.10, 0.20, 0.05, 0.30, 0.15)));
 * server.dokai().finish(sessionId, "unverified", livenessFailed);
 * }</pre>
 *
 * @param faceMatch the face comparison, or {@code null}
 * @param liveness the liveness check, or {@code null}
 * @param identity what was read from the document, or {@code null}
 */
public record MockKycResult(FaceMatch faceMatch, Liveness liveness, Identity identity) {

    private static final Checks DEFAULT_CHECKS = new Checks(0.85, 0.80, 0.72, 0.92, 0.75);
    private static final Identity DEFAULT_IDENTITY = new Identity("AHMAD BIN IBRAHIM", "901215-08-5523");

    /**
     * The result the mock reports for {@code outcome} when the test gives none: for
     * {@code verified} the documented example (face matched 0.92 over a 0.363 threshold, liveness
     * passed 0.78, identity {@code AHMAD BIN IBRAHIM} / {@code 901215-08-5523}); for
     * {@code unverified} a face mismatch (0.21 under 0.363) with liveness passed and the same
     * identity; for {@code failed} nothing ({@code null} components: no face was detected).
     *
     * @throws IllegalArgumentException when {@code outcome} is not {@code verified},
     *         {@code unverified} or {@code failed}
     */
    public static MockKycResult defaults(String outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return switch (outcome) {
            case "verified" -> new MockKycResult(new FaceMatch(true, 0.92, 0.363),
                    new Liveness(true, 0.78, DEFAULT_CHECKS), DEFAULT_IDENTITY);
            case "unverified" -> new MockKycResult(new FaceMatch(false, 0.21, 0.363),
                    new Liveness(true, 0.78, DEFAULT_CHECKS), DEFAULT_IDENTITY);
            case "failed" -> new MockKycResult(null, null, null);
            default -> throw new IllegalArgumentException(
                    "outcome must be verified, unverified or failed: " + outcome);
        };
    }

    /** This result with {@code value} as its face match. */
    public MockKycResult withFaceMatch(FaceMatch value) {
        return new MockKycResult(value, liveness, identity);
    }

    /** This result with {@code value} as its liveness. */
    public MockKycResult withLiveness(Liveness value) {
        return new MockKycResult(faceMatch, value, identity);
    }

    /** This result with {@code value} as its identity. */
    public MockKycResult withIdentity(Identity value) {
        return new MockKycResult(faceMatch, liveness, value);
    }

    /**
     * The {@code face_match} object.
     *
     * <pre>{@code
     * new MockKycResult.FaceMatch(false, 0.30, 0.363)
     * }</pre>
     *
     * @param matched whether the selfie matches the document photo
     * @param score the similarity, 0 to 1
     * @param threshold the score needed to match, 0 to 1
     */
    public record FaceMatch(boolean matched, double score, double threshold) {
        /** Checks both numbers are within 0 to 1. */
        public FaceMatch {
            unit("face_match.score", score);
            unit("face_match.threshold", threshold);
        }
    }

    /**
     * The {@code liveness} object.
     *
     * <pre>{@code
     * new MockKycResult.Liveness(false, 0.12, new MockKycResult.Checks(0.1, 0.2, 0.05, 0.3, 0.15))
     * }</pre>
     *
     * @param passed whether the selfie is of a live person
     * @param score the overall liveness score, 0 to 1
     * @param checks the per-check scores
     */
    public record Liveness(boolean passed, double score, Checks checks) {
        /** Checks the score is within 0 to 1 and the checks are given. */
        public Liveness {
            unit("liveness.score", score);
            Objects.requireNonNull(checks, "checks");
        }
    }

    /**
     * The {@code liveness.checks} object; every score is 0 to 1.
     *
     * <pre>{@code
     * new MockKycResult.Checks(0.85, 0.80, 0.72, 0.92, 0.75)
     * }</pre>
     *
     * @param texture the texture check
     * @param frequency the frequency check
     * @param reflection the reflection check
     * @param sharpness the sharpness check
     * @param color the colour check
     */
    public record Checks(double texture, double frequency, double reflection, double sharpness, double color) {
        /** Checks every score is within 0 to 1. */
        public Checks {
            unit("liveness.checks.texture", texture);
            unit("liveness.checks.frequency", frequency);
            unit("liveness.checks.reflection", reflection);
            unit("liveness.checks.sharpness", sharpness);
            unit("liveness.checks.color", color);
        }
    }

    /**
     * The {@code identity} object.
     *
     * <pre>{@code
     * new MockKycResult.Identity("JANE DOE", "X1234567")
     * }</pre>
     *
     * @param name the holder's name as printed on the document
     * @param idNumber the document number ({@code id_number})
     */
    public record Identity(String name, String idNumber) {
        /** Checks both values are given. */
        public Identity {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(idNumber, "idNumber");
        }
    }

    private static void unit(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 1: " + value);
        }
    }
}
