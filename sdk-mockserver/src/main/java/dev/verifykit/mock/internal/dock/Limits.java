package dev.verifykit.mock.internal.dock;

/**
 * An API key's create bucket and daily quota at one moment, as the {@code X-RateLimit-*} headers
 * of every authenticated answer show them.
 *
 * @param limit the create bucket's size
 * @param remaining whole create tokens left
 * @param resetEpochSeconds when the create bucket is full again (unix seconds, rounded up)
 * @param dailyLimit the daily quota
 * @param dailyRemaining what is left of it today
 */
record Limits(int limit, int remaining, long resetEpochSeconds, int dailyLimit, int dailyRemaining) {
}
