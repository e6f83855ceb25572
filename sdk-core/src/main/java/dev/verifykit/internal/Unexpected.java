package dev.verifykit.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.VerifyKitException;

/**
 * What the SDK does with a throwable it did not expect (a bug, a listener's {@link Error}, an
 * {@code OutOfMemoryError} while reading): it reaches the caller as a {@link VerifyKitException}
 * with the throwable as its cause, never raw and never lost on a background thread.
 */
public final class Unexpected {
    private Unexpected() {}

    /** The failure as the caller sees it: a {@link VerifyKitException} as itself, anything else wrapped. */
    public static VerifyKitException wrap(Service service, String where, Throwable failure) {
        if (failure instanceof VerifyKitException known) {
            return known;
        }
        String label = service == null ? "verifykit" : service.label();
        return new VerifyKitException(service, label + ": " + where + " failed unexpectedly with "
                + failure.getClass().getName(), null, failure);
    }
}
