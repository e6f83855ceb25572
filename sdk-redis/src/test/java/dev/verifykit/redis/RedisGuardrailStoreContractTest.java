package dev.verifykit.redis;

import dev.verifykit.dock.GuardrailStore;
import dev.verifykit.testing.GuardrailStoreContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link RedisGuardrailStore} keeps the store contract, on a real redis-server and Redis's clock
 * (with no refill margin: the contract's bucket refills exactly; {@link RedisStoreTest} covers the margin).
 */
class RedisGuardrailStoreContractTest extends GuardrailStoreContract {
    private final List<RedisGuardrailStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(RedisGuardrailStore::close);
    }

    @Override
    protected GuardrailStore store() {
        RedisGuardrailStore store = RedisGuardrailStore.builder(SharedRedis.client()).namespace(SharedRedis.namespace())
                .createRefillMargin(0).commandTimeout(SharedRedis.PATIENT).build();
        stores.add(store);
        return store;
    }

    /** Redis's clock is real: waits at least {@code duration} (a lower bound, never raced). */
    @Override
    protected void pass(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis() + 5);
    }

    @Override
    protected boolean tellsAWaitBehindAReadInFlight() {
        return true;
    }
}
