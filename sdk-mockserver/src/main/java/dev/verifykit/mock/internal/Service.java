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

    /** Whether a request with this method and path (below the prefix) opens an event stream. */
    default boolean opensStream(String method, String path) {
        return false;
    }

    /**
     * The refusal a {@code respond} fault sends when it gives no body: the service's own error shape
     * for {@code status}, with a request id where the service has them.
     */
    default Reply injected(int status, String path, String message) {
        return Reply.error(status, "FAULT_INJECTED", message);
    }
}
