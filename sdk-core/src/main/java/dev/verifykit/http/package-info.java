/**
 * The HTTP layer shared by every VerifyKit client: per-call {@link dev.verifykit.http.RequestOptions},
 * {@link dev.verifykit.http.IdempotencyKey}s for safely retried writes, the
 * {@link dev.verifykit.http.RetryPolicy}, and the builder options every client has
 * ({@link dev.verifykit.http.ClientBuilder}).
 */
package dev.verifykit.http;
