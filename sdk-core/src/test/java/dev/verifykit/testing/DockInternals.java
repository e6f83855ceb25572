package dev.verifykit.testing;

import dev.verifykit.dock.DockClient;
import dev.verifykit.dock.DockSession;
import dev.verifykit.time.Scheduler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * What tests of other packages and modules look at inside the Dock client built by
 * {@link DockClient#builder()}: its waiting dispatcher and connection pool (calls left running,
 * connections left held), and its reader of stream events (for the fuzz harnesses). Reached by
 * reflection, since the client's package is not exported (tests run on the class path). Shipped in
 * sdk-core's test jar.
 */
public final class DockInternals {
    private DockInternals() {}

    /** The dispatcher of long-polls and streams. */
    public static Dispatcher waitDispatcher(DockClient dock) {
        return waitClient(dock).dispatcher();
    }

    /** The connection pool of long-polls and streams. */
    public static ConnectionPool waitPool(DockClient dock) {
        return waitClient(dock).connectionPool();
    }

    /**
     * A stream event's data read as the client reads it.
     *
     * @throws dev.verifykit.error.MalformedResponseException when it is not a session
     */
    public static DockSession streamedSession(DockClient dock, String data) {
        return (DockSession) call(dock, "parseStreamedSession", new Class<?>[] {String.class}, data);
    }

    /** The scheduler the client runs its delayed tasks on (a timer of its own by default). */
    public static Scheduler scheduler(DockClient dock) {
        Object transport = call(dock, "transport", new Class<?>[0]);
        return (Scheduler) call(transport, "scheduler", new Class<?>[0]);
    }

    private static OkHttpClient waitClient(DockClient dock) {
        Object transport = call(dock, "transport", new Class<?>[0]);
        return (OkHttpClient) call(transport, "waitClient", new Class<?>[0]);
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args) {
        try {
            Method method = target.getClass().getDeclaredMethod(name, types);
            method.setAccessible(true);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the client has changed: " + name, e);
        }
    }
}
