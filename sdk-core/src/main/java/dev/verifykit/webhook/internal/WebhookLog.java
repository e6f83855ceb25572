package dev.verifykit.webhook.internal;

/**
 * The webhook package's log ({@code dev.verifykit.webhook}), for a replay guard or a scheduler of
 * the application's failing where the delivery goes on without it: logged, not thrown. An
 * {@link Error} (a {@code NoClassDefFoundError} of a class the guard's client loads lazily) is
 * logged at ERROR, anything else at WARNING.
 */
public final class WebhookLog {
    private static final System.Logger LOG = System.getLogger("dev.verifykit.webhook");

    private WebhookLog() {}

    /** Logs {@code failure}, an {@link Error} at ERROR, anything else at WARNING. */
    public static void failed(String what, Throwable failure) {
        LOG.log(failure instanceof Error ? System.Logger.Level.ERROR : System.Logger.Level.WARNING, what, failure);
    }

    /** Logs {@code failure} at DEBUG: the same failure again, told once already by {@link #failed}. */
    public static void again(String what, Throwable failure) {
        LOG.log(System.Logger.Level.DEBUG, what, failure);
    }

    /** Logs a WARNING without a throwable. */
    public static void warn(String what) {
        LOG.log(System.Logger.Level.WARNING, what);
    }
}
