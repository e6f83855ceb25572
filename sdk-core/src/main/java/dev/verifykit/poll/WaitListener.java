package dev.verifykit.poll;

/**
 * Told after every request a wait makes. Called on the thread that finished the request: return
 * quickly. Anything it throws, an {@link Error} included, is ignored: the wait goes on.
 *
 * <pre>{@code
 * WaitListener progress = p -> log.info("poll {} of {}: {}", p.pollsUsed(), p.pollCap(), p.lastStatus());
 * }</pre>
 */
@FunctionalInterface
public interface WaitListener {
    /** Called after each request of the wait. */
    void onProgress(WaitProgress progress);
}
