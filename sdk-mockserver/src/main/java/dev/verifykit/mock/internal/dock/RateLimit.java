package dev.verifykit.mock.internal.dock;

/**
 * A limit an answer reports in {@code meta.rateLimit}: its scope ({@code session_create},
 * {@code session_polls}, {@code daily_sessions}), its size and what is left of it.
 */
record RateLimit(String scope, int limit, int remaining) {

    static RateLimit createBucket(TokenBucket bucket, int remaining) {
        return new RateLimit("session_create", bucket.capacity(), remaining);
    }

    static RateLimit polls(int cap, int remaining) {
        return new RateLimit("session_polls", cap, remaining);
    }

    static RateLimit dailyExhausted(DailyQuota quota) {
        return new RateLimit("daily_sessions", quota.limit(), 0);
    }
}
