package dev.verifykit.mock.internal.dock;

import dev.verifykit.mock.MockDockSession;
import java.time.Instant;

/**
 * An accepted create as it was answered: the session then, whether an existing pending one was
 * reused, the create bucket after it, when, and the answer's request id. An {@code Idempotency-Key}
 * keeps it, so a replay answers exactly the same.
 */
record Creation(MockDockSession session, boolean reused, RateLimit bucket, Instant at, String requestId) {
}
