package dev.verifykit.mock.internal;

/** One service of the mock, mounted under a path prefix. */
public interface Service {

    /** Answers {@code call}; may block (long-polls); must not throw for any malformed input. */
    Reply handle(HttpCall call) throws InterruptedException;

    /** Forgets all state. */
    void reset();

    /** Releases held requests promptly; called once when the server stops. */
    default void close() {
    }
}
