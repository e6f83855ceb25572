package dev.verifykit.internal;

import dev.verifykit.error.Service;
import dev.verifykit.error.VerifyKitException;

/**
 * What the SDK does with a throwable it did not expect (a bug, a listener's {@link Error}, an
 * {@code OutOfMemoryError} while reading): it reaches an asynchronous caller's future as a
 * {@link VerifyKitException} with the throwable as its cause, never lost on a background thread; a
 * blocking caller gets an {@link Error} as it is ({@link #errorIn}), as the transport throws it.
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

    /**
     * The {@link Error} {@code failure} is, or that {@link #wrap} wrapped in it; {@code null} for
     * anything else. A blocking call or wait rethrows it as it is: a caller's
     * {@code catch (VerifyKitException)} (a retry loop) must not swallow an {@code OutOfMemoryError}.
     */
    public static Error errorIn(Throwable failure) {
        if (failure instanceof Error error) {
            return error;
        }
        return failure != null && failure.getClass() == VerifyKitException.class && failure.getCause() instanceof Error error
                ? error : null;
    }
}
