package dev.verifykit.http.internal;

import dev.verifykit.error.VerifyKitException;

/**
 * What a blocking call does around each of its attempts, retries included. A Dock create holds a
 * token of the create bucket per attempt: every attempt that may have reached Dock may have taken
 * one there.
 */
public interface AttemptGuard {
    /** Nothing around the attempts. */
    AttemptGuard NONE = new AttemptGuard() {
        @Override
        public long beforeAttempt(int attempt, long deadline, CallTrace trace) {
            return Long.MAX_VALUE;
        }

        @Override
        public void attemptFailed(int attempt, VerifyKitException failure) {}

        @Override
        public void notSent(int attempt) {}
    };

    /**
     * Runs before attempt {@code attempt} (from 1) is sent. Throwing sends nothing more: the first
     * attempt's call fails with what was thrown, a retry's with the failure of the attempt before
     * (what was thrown added to it as suppressed).
     *
     * @param deadline when the call must have ended, on the transport scheduler's
     *     {@code nanoTime()} ({@code Long.MAX_VALUE}: no timeout); a guard waits no longer
     * @param trace the call's trace, to tell of a wait
     * @return the latest the attempt may leave, on the same clock ({@code Long.MAX_VALUE}: any time):
     *     a Dock create's attempt, by the end of its token's lease, less a minute (as a read by its
     *     turn's). An attempt that cannot leave by then is not written: it fails with a
     *     {@code TransportException} saying nothing was sent, and is told {@link #notSent}
     */
    long beforeAttempt(int attempt, long deadline, CallTrace trace);

    /**
     * Attempt {@code attempt} ended without a response to return: a refusal, no answer, or an
     * answer not understood. An attempt whose response is returned is ended by the caller.
     */
    void attemptFailed(int attempt, VerifyKitException failure);

    /**
     * Attempt {@code attempt}, which {@link #beforeAttempt} let go, is not sent after all: the call's
     * timeout passed before its start (in that wait, or in a slow listener told of its retry or of
     * its start), or the time {@link #beforeAttempt} gave it to leave by passed before it could leave
     * (a slow host-name lookup or connect, an interceptor of the application's); nothing of it was
     * written. It is then not told {@link #attemptFailed}.
     */
    void notSent(int attempt);
}
