package dev.verifykit.http.internal;

import dev.verifykit.error.Service;
import dev.verifykit.internal.Unexpected;
import dev.verifykit.error.WaitCancelledException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** Future helpers that keep cancellation flowing back to the call in flight. */
public final class Futures {
    private Futures() {}

    /**
     * Like {@code source.thenApply(mapper)}, except that cancelling the result cancels
     * {@code source}, and anything thrown by the mapper fails the result as itself.
     */
    public static <A, B> CompletableFuture<B> map(CompletableFuture<A> source, Function<? super A, ? extends B> mapper) {
        return map(source, mapper, Function.identity());
    }

    /**
     * Like {@link #map(CompletableFuture, Function)}, with failures of {@code source} replaced by
     * what {@code onError} makes of them.
     */
    public static <A, B> CompletableFuture<B> map(CompletableFuture<A> source, Function<? super A, ? extends B> mapper,
            Function<Throwable, Throwable> onError) {
        CompletableFuture<B> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                source.cancel(mayInterruptIfRunning);
                return cancelled;
            }
        };
        source.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(onError.apply(unwrap(error)));
                return;
            }
            try {
                result.complete(mapper.apply(value));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Blocks until a wait completes and returns its value, throwing its failure as itself when it is
     * a {@link dev.verifykit.error.VerifyKitException} or an {@link Error} (also one the wait wrapped
     * for its future, {@link Unexpected#errorIn}), wrapped in a {@code VerifyKitException} otherwise. An interrupt
     * cancels the wait (and what it runs) and keeps the thread's interrupt flag.
     *
     * @param attempts the requests the wait made, read once it has ended
     * @throws WaitCancelledException when the wait was cancelled or the thread interrupted
     */
    public static <T> T join(CompletableFuture<T> wait, Service service, IntSupplier attempts) {
        try {
            return wait.get();
        } catch (InterruptedException e) {
            wait.cancel(true);
            Thread.currentThread().interrupt();
            throw new WaitCancelledException(service, attempts.getAsInt());
        } catch (CancellationException e) {
            throw new WaitCancelledException(service, attempts.getAsInt());
        } catch (ExecutionException e) {
            Throwable failure = unwrap(e.getCause());
            Error error = Unexpected.errorIn(failure);
            if (error != null) {
                throw error; // as the transport throws one: never a VerifyKitException a caller's retry loop swallows
            }
            throw Unexpected.wrap(service, "the wait", failure);
        }
    }

    /** The cause behind a {@link CompletionException}. */
    public static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
