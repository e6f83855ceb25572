/**
 * The exceptions VerifyKit throws. All are unchecked and extend
 * {@link dev.verifykit.error.VerifyKitException}; catch the narrowest type you can act on.
 *
 * <pre>{@code
 * try {
 *     dock.sessions().retrieve(id);
 * } catch (NotFoundException e) {
 *     // the session is gone: start a new one
 * } catch (RateLimitException e) {
 *     e.retryAfter().ifPresent(wait -> log.info("slow down for {}", wait));
 * } catch (VerifyKitException e) {
 *     log.warn("verification failed (request {})", e.requestId().orElse("-"), e);
 * }
 * }</pre>
 *
 * <p>Every constructor is public so that integrators can raise these exceptions from fakes in
 * their own unit tests.
 */
package dev.verifykit.error;
