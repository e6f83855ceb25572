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

    /**
     * {@code first}, with {@code next} suppressed in it, or {@code next} when there is no first: for
     * steps that must all run whatever one throws (a close's ends, each client at shutdown). The
     * same throwable thrown twice (by one store two clients share) is kept once: suppressing itself
     * would throw.
     */
    public static Throwable kept(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (next != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    /**
     * Runs {@code step} on each of {@code items} whatever one throws, and returns what was thrown,
     * {@linkplain #kept kept} with {@code failed} (null when nothing was): a close that must end
     * everything it holds although one end fails.
     */
    public static <T> Throwable eachKept(Iterable<? extends T> items, java.util.function.Consumer<? super T> step,
            Throwable failed) {
        for (T item : items) {
            try {
                step.accept(item);
            } catch (Throwable e) {
                failed = kept(failed, e);
            }
        }
        return failed;
    }

    /**
     * Throws {@code failure} as it is, once every step ran ({@code null}: nothing): an {@link Error},
     * an unchecked exception, or a checked one that code not written in Java (a Kotlin store) threw
     * undeclared.
     */
    public static void throwAsIs(Throwable failure) {
        if (failure != null) {
            Unexpected.<RuntimeException>sneaky(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
