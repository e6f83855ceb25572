package dev.verifykit.redis;

import dev.verifykit.redis.internal.StoreSettings;
import java.time.Duration;

/**
 * What the builders of {@link RedisGuardrailStore} and {@link RedisReplayGuard} share: how they
 * talk to Redis and where their keys live. The values are checked when the store is built.
 *
 * @param <B> the builder
 */
public abstract class RedisStoreBuilder<B extends RedisStoreBuilder<B>> {
    final StoreSettings settings;

    RedisStoreBuilder(StoreSettings settings) {
        this.settings = settings;
    }

    abstract B self();

    /**
     * The longest a call waits for Redis (default 500 ms; positive, at most 999,999,999 s). Keep it short: Dock's store calls run
     * on the thread of the call or wait asking (a blocking call's is the caller's), and a webhook's
     * on the thread receiving it.
     */
    public B commandTimeout(Duration value) {
        settings.commandTimeout = value;
        return self();
    }

    /**
     * How long calls fail at once after a failure, without asking Redis (default 1 s; at most
     * 999,999,999 s); zero to ask Redis every time.
     */
    public B coolDown(Duration value) {
        settings.coolDown = value;
        return self();
    }

    /**
     * The first part of every key (default {@code verifykit}), e.g. to keep two environments apart
     * in one Redis: 1 to 64 printable ASCII characters, no spaces.
     */
    public B namespace(String value) {
        settings.namespace = value;
        return self();
    }
}
