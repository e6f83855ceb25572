package dev.verifykit.redis;

import dev.verifykit.testing.ReplayGuardContract;
import dev.verifykit.webhook.ReplayGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** {@link RedisReplayGuard} keeps the guard contract, on a real redis-server and Redis's clock. */
class RedisReplayGuardContractTest extends ReplayGuardContract {
    private final List<RedisReplayGuard> guards = new ArrayList<>();
    private final String namespace = SharedRedis.namespace();

    @AfterEach
    void closeGuards() {
        guards.forEach(RedisReplayGuard::close);
    }

    @Override
    protected ReplayGuard guard(Duration ttl, Duration claimTimeout) {
        RedisReplayGuard guard = RedisReplayGuard.builder(SharedRedis.client()).namespace(namespace).commandTimeout(SharedRedis.PATIENT).ttl(ttl)
                .claimTimeout(claimTimeout).build();
        guards.add(guard);
        return guard;
    }

    /** Ignored by the Redis guard (Redis times claims): a fixed instant shows it. */
    @Override
    protected Instant now() {
        return Instant.EPOCH;
    }

    /** Redis's clock is real: waits at least {@code duration} (a lower bound, never raced). */
    @Override
    protected void pass(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis() + 5);
    }
}
