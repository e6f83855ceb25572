package dev.verifykit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.StoreUnavailableException;
import dev.verifykit.redis.internal.RedisCalls;
import dev.verifykit.webhook.ReplayGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RedisReplayGuard/RedisCalls: "{@code close()} is final: calls waiting for Redis end at once ..., a
 * claim among them ... released after it as when Redis does not answer in time ... It closes the
 * connection the guard opened ..., after those releases were sent on it."
 *
 * <p>A claim whose answer ended without Redis answering it, failed by Lettuce itself (the
 * application's {@code RedisClient} timing the command out before the guard's command timeout, a case
 * the guard supports: {@code RedisOutageTest.aStartLettuceTimesOutIsUndoneOnceRedisRunsIt}), just as
 * the guard closed (its thread woken but not yet past its {@code finally}): the close took that wait
 * for answered (its future was done) and left it; the close closed the guard's own connection; the
 * thread then "sent" the release on the closed connection, where it was dropped. Redis, thawed, ran
 * the claim alone: the delivery stayed "in progress", held by no one, for the claim timeout, and
 * every copy was answered 409 (the event lost when the sender stops sooner).
 *
 * <p>The thread's descheduling between its wake-up and its {@code finally} is made certain by holding
 * the store's lock (as {@code RedisCallsCloseRaceTest} does), and Lettuce's timeout by failing the
 * wait's answer as Lettuce's own timeout does ({@code RedisCommandTimeoutException}); Redis is frozen
 * meanwhile, so the claim is written but not run until the test thaws it.
 */
class CloseAsLettuceTimesACallOutTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration PATIENT = Duration.ofMinutes(2);

    @Test
    void aClaimLettuceTimedOutAsTheOwnedGuardClosesIsStillReleased() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            RedisClient client = RedisClient.create(RedisURI.builder(server.uri()).withTimeout(Duration.ofSeconds(60)).build());
            try (StatefulRedisConnection<String, String> admin = client.connect()) {
                RedisReplayGuard guard = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build();
                assertThat(guard.claim("delivery/warm", NOW).kind()).as("the script loaded").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
                RedisCalls calls = field(guard, "calls");
                Object lock = field(calls, "lock");
                Map<CompletableFuture<?>, Runnable> waiting = field(calls, "waiting");

                Throwable failure;
                try (RedisServerProcess.Frozen frozen = server.freeze()) {
                    CompletableFuture<Throwable> claim = new CompletableFuture<>();
                    Thread caller = new Thread(() -> claim.complete(catchThrowable(() -> guard.claim("delivery/1", NOW))),
                            "claiming");
                    caller.start();
                    // the claim is written (Redis frozen: not run) and its thread waits for the answer
                    CompletableFuture<?> answer = null;
                    for (int i = 0; i < 30_000 && answer == null; i++) {
                        synchronized (lock) {
                            if (waiting.size() == 1 && (int) field(calls, "sending") == 0) {
                                answer = waiting.keySet().iterator().next();
                            }
                        }
                        if (answer == null) {
                            Thread.sleep(1);
                        }
                    }
                    assertThat(answer).as("the claim waits for Redis").isNotNull();
                    synchronized (lock) {
                        // what Lettuce's own timeout does to the answer (future.whenComplete -> answer.completeExceptionally)
                        answer.completeExceptionally(new RedisCommandTimeoutException("Command timed out after 100 millisecond(s)"));
                        for (int i = 0; i < 30_000 && caller.getState() != Thread.State.BLOCKED; i++) {
                            Thread.sleep(1);
                        }
                        assertThat(caller.getState()).as("the claiming thread, woken, waits to leave its wait")
                                .isEqualTo(Thread.State.BLOCKED);
                        guard.close(); // reentrant: runs before the thread leaves its wait
                    }
                    failure = claim.get(30, TimeUnit.SECONDS);
                }
                assertThat(failure).isInstanceOf(StoreUnavailableException.class);

                // until Redis has seen the guard's connection end, after what it carried (a bound of 30 s)
                for (int i = 0; i < 3000 && admin.sync().clientList().lines().count() > 1; i++) {
                    Thread.sleep(10);
                }
                try (RedisReplayGuard next = RedisReplayGuard.builder(client).commandTimeout(PATIENT).build()) {
                    ReplayGuard.Claim copy = next.claim("delivery/1", NOW);
                    assertThat(copy.kind()).as("a copy of the delivery at another instance: no claim left that nobody holds"
                            + " (it was " + copy.kind() + " for " + copy.retryAfter() + ")").isEqualTo(ReplayGuard.Claim.Kind.CLAIMED);
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return (T) field.get(owner);
    }
}
